import { type ReactNode, type SyntheticEvent, useState } from 'react';
import { useAppData } from '../../state/app-data';
import { invoke } from '../../lib/call';
import { useCall } from '../../lib/use-call';
import { Field, type FieldControlProps } from '../../ui/field';
import { PasswordInput } from '../../ui/password-input';
import { BusyLabel } from '../../ui/spinner';
import { NewPasscodeForm } from './new-passcode-form';
import { RecoveryCodeScreen } from './recovery-code-screen';

type Mode = 'idle' | 'set' | 'change' | 'remove' | 'show-code' | 'new-code';

/**
 * The forms a set passcode offers, each opened and closed by its own pressed button. A toggle's
 * name differs from its form's submit button, so "Change passcode" never names two buttons.
 */
const toggles: readonly (readonly [Mode, string])[] = [
  ['change', 'Change passcode…'],
  ['show-code', 'Show recovery code'],
  ['new-code', 'New recovery code'],
  ['remove', 'Remove passcode…'],
];

const autoLockChoices: { value: number | null; label: string }[] = [
  { value: null, label: 'Never' },
  { value: 1, label: 'After 1 minute' },
  { value: 5, label: 'After 5 minutes' },
  { value: 15, label: 'After 15 minutes' },
  { value: 30, label: 'After 30 minutes' },
  { value: 60, label: 'After 1 hour' },
  { value: 240, label: 'After 4 hours' },
];

/** App passcode: set, change, remove, recovery code, auto-lock, lock now. */
export function PasscodeSection(): ReactNode {
  const { vault, settings, setSettings, setVault } = useAppData();
  const [mode, setMode] = useState<Mode>('idle');
  const [recoveryCode, setRecoveryCode] = useState<string | null>(null);
  const isShowingCurrent = mode === 'show-code';
  const update = useCall();
  const lock = useCall();

  const refreshVault = async (): Promise<void> => {
    const status = await invoke('vault:status');
    if (status.ok) setVault(status.value);
  };

  if (recoveryCode !== null) {
    return (
      <RecoveryCodeScreen
        code={recoveryCode}
        {...(isShowingCurrent
          ? {
              title: 'Your current recovery code',
              intro: (
                <p>
                  This is your current recovery code. If you forget your passcode, it is the only
                  way back in without losing your accounts. You can see it here again whenever you
                  enter your passcode.
                </p>
              ),
            }
          : {})}
        onDone={() => {
          setRecoveryCode(null);
          setMode('idle');
        }}
      />
    );
  }

  const choices = autoLockChoices.some((c) => c.value === settings.autoLockMinutes)
    ? autoLockChoices
    : [
        ...autoLockChoices,
        { value: settings.autoLockMinutes, label: `After ${settings.autoLockMinutes} minutes` },
      ];

  return (
    <section className="panel" aria-labelledby="passcode-heading">
      <h2 id="passcode-heading">Passcode and app lock</h2>
      <p>
        {vault.hasPasscode
          ? 'A passcode protects your saved sign-ins. Gramdeck asks for it when it starts and after it locks.'
          : vault.backend === 'keychain'
            ? 'Your sign-ins are protected by your system’s keychain. A passcode adds a lock screen on top.'
            : 'Set a passcode to protect your saved sign-ins and lock the app.'}
      </p>

      {mode === 'set' ? (
        <NewPasscodeForm
          submitLabel="Set passcode"
          submit={async (passcode) => {
            const result = await invoke('vault:set-passcode', { passcode });
            if (!result.ok) return result.error;
            await refreshVault();
            setRecoveryCode(result.value.recoveryCode);
            return null;
          }}
        />
      ) : null}
      {mode === 'change' ? (
        <ChangePasscode
          onDone={() => {
            setMode('idle');
          }}
        />
      ) : null}
      {mode === 'remove' ? (
        <RemovePasscode
          onDone={() => {
            setMode('idle');
          }}
        />
      ) : null}
      {mode === 'show-code' ? (
        <ShowRecoveryCode
          onCode={(code) => {
            setRecoveryCode(code);
          }}
        />
      ) : null}
      {mode === 'new-code' ? (
        <NewRecoveryCode
          onCode={(code) => {
            setRecoveryCode(code);
          }}
        />
      ) : null}

      <div className="row">
        {vault.hasPasscode ? (
          <>
            {toggles.map(([target, label]) => (
              <button
                key={target}
                type="button"
                className={target === 'remove' ? 'button button-danger-quiet' : 'button'}
                aria-pressed={mode === target}
                onClick={() => {
                  setMode(mode === target ? 'idle' : target);
                }}
              >
                {label}
              </button>
            ))}
            <button
              type="button"
              className="button"
              disabled={lock.isBusy}
              onClick={() => {
                void lock.run('vault:lock');
              }}
            >
              <BusyLabel isBusy={lock.isBusy}>Lock now</BusyLabel>
            </button>
          </>
        ) : mode === 'set' ? (
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setMode('idle');
            }}
          >
            Cancel
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setMode('set');
            }}
          >
            Set a passcode
          </button>
        )}
      </div>

      <div className="field">
        <label className="field-label" htmlFor="auto-lock">
          Lock automatically
        </label>
        <select
          id="auto-lock"
          className="input input-narrow"
          disabled={!vault.hasPasscode || update.isBusy}
          aria-describedby="auto-lock-hint"
          value={settings.autoLockMinutes === null ? '' : String(settings.autoLockMinutes)}
          onChange={(event) => {
            const value = event.target.value === '' ? null : Number(event.target.value);
            void update.run('settings:update', { autoLockMinutes: value }).then((next) => {
              if (next !== undefined) setSettings(next);
            });
          }}
        >
          {choices.map((choice) => (
            <option key={choice.label} value={choice.value === null ? '' : String(choice.value)}>
              {choice.label}
            </option>
          ))}
        </select>
        <p id="auto-lock-hint" className="field-hint">
          {vault.hasPasscode
            ? 'Counts time without keyboard or mouse activity in Gramdeck.'
            : 'Needs a passcode.'}
        </p>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={settings.keepConnectedWhileLocked}
          disabled={update.isBusy}
          onChange={(event) => {
            void update
              .run('settings:update', { keepConnectedWhileLocked: event.target.checked })
              .then((next) => {
                if (next !== undefined) setSettings(next);
              });
          }}
        />
        Keep accounts connected while locked (login codes and unread counts keep arriving)
      </label>
    </section>
  );
}

function ChangePasscode(props: { onDone: () => void }): ReactNode {
  const { setVault } = useAppData();
  const [current, setCurrent] = useState('');
  const [currentError, setCurrentError] = useState<string | null>(null);
  const [isDone, setIsDone] = useState(false);
  if (isDone) {
    return (
      <p className="notice" role="status">
        Passcode changed. Your recovery code stays the same.{' '}
        <button type="button" className="button-link" onClick={props.onDone}>
          Close
        </button>
      </p>
    );
  }
  return (
    <NewPasscodeForm
      submitLabel="Save new passcode"
      precheck={() => {
        if (current !== '') return true;
        setCurrentError('Enter your current passcode.');
        return false;
      }}
      before={
        <Field label="Current passcode" error={currentError}>
          {(control) => (
            <CurrentPasscodeInput
              control={control}
              value={current}
              onChange={(value) => {
                setCurrent(value);
                setCurrentError(null);
              }}
            />
          )}
        </Field>
      }
      submit={async (newPasscode) => {
        const result = await invoke('vault:change-passcode', {
          currentPasscode: current,
          newPasscode,
        });
        if (result.ok) {
          setVault(result.value);
          setIsDone(true);
          return null;
        }
        if (result.error.field !== 'newPasscode') setCurrentError(result.error.message);
        return result.error;
      }}
    />
  );
}

function PasscodeCheckForm(props: {
  label: string;
  submitLabel: string;
  isDanger?: boolean;
  submit: (passcode: string) => Promise<string | null>;
}): ReactNode {
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const onSubmit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    if (passcode === '') {
      setError('Enter your passcode.');
      return;
    }
    setIsBusy(true);
    const message = await props.submit(passcode);
    setIsBusy(false);
    setError(message);
  };
  return (
    <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <Field label={props.label} error={error}>
        {(control) => (
          <CurrentPasscodeInput
            control={control}
            value={passcode}
            onChange={(value) => {
              setPasscode(value);
              setError(null);
            }}
          />
        )}
      </Field>
      <div className="form-actions">
        <button
          type="submit"
          className={props.isDanger === true ? 'button button-danger' : 'button button-primary'}
          disabled={isBusy}
        >
          <BusyLabel isBusy={isBusy}>{props.submitLabel}</BusyLabel>
        </button>
      </div>
    </form>
  );
}

function RemovePasscode(props: { onDone: () => void }): ReactNode {
  const { vault, setVault } = useAppData();
  return (
    <>
      {vault.backend === 'keychain' ? null : (
        <p className="notice notice-warn">
          Without a passcode, this computer has no secure storage for your sign-ins. Gramdeck will
          ask you to accept weak storage before it saves new ones.
        </p>
      )}
      <PasscodeCheckForm
        label="Current passcode"
        submitLabel="Remove the passcode"
        isDanger
        submit={async (passcode) => {
          const result = await invoke('vault:remove-passcode', { passcode });
          if (!result.ok) return result.error.message;
          setVault(result.value);
          props.onDone();
          return null;
        }}
      />
    </>
  );
}

function ShowRecoveryCode(props: { onCode: (code: string) => void }): ReactNode {
  return (
    <PasscodeCheckForm
      label="Passcode"
      submitLabel="Show the code"
      submit={async (passcode) => {
        const result = await invoke('vault:get-recovery-code', { passcode });
        if (!result.ok) return result.error.message;
        props.onCode(result.value.recoveryCode);
        return null;
      }}
    />
  );
}

/** A new recovery code needs the passcode: the code alone later opens every saved session. */
function NewRecoveryCode(props: { onCode: (code: string) => void }): ReactNode {
  return (
    <>
      <p className="notice">
        Your current recovery code stops working. Enter your passcode to create a new one.
      </p>
      <PasscodeCheckForm
        label="Passcode"
        submitLabel="Create new code"
        submit={async (passcode) => {
          const result = await invoke('vault:regenerate-recovery-code', { passcode });
          if (!result.ok) return result.error.message;
          props.onCode(result.value.recoveryCode);
          return null;
        }}
      />
    </>
  );
}

/** The passcode in use, asked again before a change that needs it: masked, with no reveal. */
function CurrentPasscodeInput(props: {
  control: FieldControlProps;
  value: string;
  onChange: (value: string) => void;
}): ReactNode {
  return (
    <PasswordInput
      control={props.control}
      canReveal={false}
      autoComplete="current-password"
      autoFocus
      value={props.value}
      onChange={props.onChange}
    />
  );
}
