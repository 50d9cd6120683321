import { type ReactNode, useEffect, useRef, useState } from 'react';
import type { AccountSummary } from '../../../../electron/shared/dto';
import type { AppError } from '../../../../electron/shared/errors';
import type { TwoStepState } from '../../../../electron/shared/two-step-dto';
import { formatResetMoment } from '../../lib/reset-date';
import { useCall } from '../../lib/use-call';
import { useResource } from '../../lib/use-resource';
import { BusyLabel } from '../../ui/spinner';
import {
  ChangePasswordForm,
  DisableForm,
  EmailCodeForm,
  EmailForm,
  EnableForm,
  FormError,
  RecoverForm,
  type StrengthMeter,
} from './two-step-forms';
import './two-step.css';

type Mode =
  | { name: 'overview' }
  | { name: 'enable' }
  | { name: 'change-password' }
  | { name: 'email' }
  | { name: 'disable' }
  | { name: 'forgot' }
  | { name: 'recover'; pattern: string };

/**
 * "Two-step verification" of one added account: its state (on or off, hint, recovery email, a
 * new email waiting for its code, a reset waiting for its date), and turning it on, changing the
 * password or the recovery email, turning it off, and a forgotten password (recovery by email
 * code, or Telegram's reset after its waiting period). Reached from the account page.
 */
export function TwoStepScreen(props: {
  account: AccountSummary;
  onBack: () => void;
  strengthMeter?: StrengthMeter;
}): ReactNode {
  const accountId = props.account.id;
  const resource = useResource('two-step:get', { accountId });
  const action = useCall({ report: false });
  const [mode, setMode] = useState<Mode>({ name: 'overview' });
  const [announcement, setAnnouncement] = useState<string | null>(null);
  const [emailNotice, setEmailNotice] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const state = resource.data;

  // A form that opens or closes moves focus to its heading (or the screen's).
  const isFirst = useRef(true);
  useEffect(() => {
    if (isFirst.current) {
      isFirst.current = false;
      return;
    }
    const root = headingRef.current?.closest('.two-step');
    // Back on the overview, a new recovery email waiting for its code is where the user goes next.
    const target =
      mode.name === 'overview'
        ? (root?.querySelector<HTMLElement>('#two-step-email-title') ?? headingRef.current)
        : (root?.querySelector<HTMLElement>('#two-step-form-title') ?? null);
    target?.focus();
  }, [mode]);

  const go = (next: Mode): void => {
    action.clearError();
    setAnnouncement(null);
    setMode(next);
  };

  /** Shows the new state after a change, with a sentence that says what happened. */
  const settle = (next: TwoStepState | undefined, message: string): void => {
    if (next === undefined) return;
    resource.setData(next);
    setEmailNotice(null);
    setAnnouncement(
      next.unconfirmedEmailPattern === null
        ? message
        : 'Almost done: enter the code Telegram sent to the new recovery email.',
    );
    setMode({ name: 'overview' });
  };

  let body: ReactNode;
  if (state === null) {
    body = resource.isLoading ? (
      <p className="muted" role="status">
        Reading the account’s two-step verification…
      </p>
    ) : (
      <div>
        <FormError message={resource.error?.message ?? null} />
        <button type="button" className="button" onClick={resource.reload}>
          Try again
        </button>
      </div>
    );
  } else if (mode.name === 'enable') {
    body = (
      <EnableForm
        strengthMeter={props.strengthMeter}
        isBusy={action.isBusy}
        error={action.error}
        onCancel={() => {
          go({ name: 'overview' });
        }}
        onSubmit={(values) => {
          void action
            .run('two-step:enable', {
              accountId,
              password: values.password,
              hint: values.hint,
              ...(values.email === null ? {} : { email: values.email }),
            })
            .then((next) => {
              settle(next, 'Two-step verification is on.');
            });
        }}
      />
    );
  } else if (mode.name === 'change-password') {
    body = (
      <ChangePasswordForm
        strengthMeter={props.strengthMeter}
        isBusy={action.isBusy}
        error={action.error}
        onCancel={() => {
          go({ name: 'overview' });
        }}
        onSubmit={(values) => {
          void action
            .run('two-step:change-password', {
              accountId,
              currentPassword: values.currentPassword,
              newPassword: values.password,
              hint: values.hint,
            })
            .then((next) => {
              settle(next, 'The password is changed.');
            });
        }}
      />
    );
  } else if (mode.name === 'email') {
    body = (
      <EmailForm
        hasRecoveryEmail={state.hasRecoveryEmail}
        isBusy={action.isBusy}
        error={action.error}
        onCancel={() => {
          go({ name: 'overview' });
        }}
        onSubmit={(values) => {
          void action.run('two-step:set-email', { accountId, ...values }).then((next) => {
            settle(next, 'The recovery email is removed.');
          });
        }}
      />
    );
  } else if (mode.name === 'disable') {
    body = (
      <DisableForm
        isBusy={action.isBusy}
        error={action.error}
        onCancel={() => {
          go({ name: 'overview' });
        }}
        onSubmit={(currentPassword) => {
          void action.run('two-step:disable', { accountId, currentPassword }).then((next) => {
            settle(next, 'Two-step verification is off.');
          });
        }}
      />
    );
  } else if (mode.name === 'recover') {
    body = (
      <RecoverForm
        strengthMeter={props.strengthMeter}
        pattern={mode.pattern}
        isBusy={action.isBusy}
        error={action.error}
        onCancel={() => {
          go({ name: 'overview' });
        }}
        onSubmit={(code, newPassword) => {
          void action.run('two-step:recover', { accountId, code, newPassword }).then((next) => {
            settle(
              next,
              newPassword === null
                ? 'Two-step verification is off.'
                : 'The password is reset. Use the new one from now on.',
            );
          });
        }}
      />
    );
  } else if (mode.name === 'forgot') {
    body = (
      <ForgotPassword
        state={state}
        isBusy={action.isBusy}
        error={action.error?.message ?? null}
        onBack={() => {
          go({ name: 'overview' });
        }}
        onEmail={() => {
          void action.run('two-step:request-recovery', { accountId }).then((sent) => {
            if (sent !== undefined) go({ name: 'recover', pattern: sent.emailPattern });
          });
        }}
        onReset={() => {
          void action.run('two-step:reset', { accountId }).then((next) => {
            settle(
              next,
              next?.isOn === false
                ? 'The password is reset: two-step verification is off.'
                : 'Telegram will reset the password after its waiting period.',
            );
          });
        }}
      />
    );
  } else {
    body = (
      <Overview
        state={state}
        isBusy={action.isBusy}
        error={action.error}
        emailNotice={emailNotice}
        onMode={go}
        onConfirmEmail={(code) => {
          void action.run('two-step:confirm-email', { accountId, code }).then((next) => {
            settle(next, 'The recovery email is confirmed.');
          });
        }}
        onResendEmail={() => {
          setEmailNotice(null);
          void action.run('two-step:resend-email', { accountId }).then((next) => {
            if (next === undefined) return;
            resource.setData(next);
            setEmailNotice('Telegram sent a new code.');
          });
        }}
        onCancelEmail={() => {
          void action.run('two-step:cancel-email', { accountId }).then((next) => {
            settle(next, 'The new recovery email is cancelled.');
          });
        }}
        onFinishReset={() => {
          void action.run('two-step:reset', { accountId }).then((next) => {
            settle(
              next,
              next?.isOn === false
                ? 'The password is reset: two-step verification is off.'
                : 'The waiting period is not over yet.',
            );
          });
        }}
        onDeclineReset={() => {
          void action.run('two-step:decline-reset', { accountId }).then((next) => {
            settle(next, 'The password reset is cancelled.');
          });
        }}
      />
    );
  }

  return (
    <div className="page two-step">
      <header className="two-step-header">
        <h1 tabIndex={-1} ref={headingRef}>
          Two-step verification
        </h1>
        <p className="muted">{props.account.displayName}</p>
        <button type="button" className="button-link" onClick={props.onBack}>
          Back to the account
        </button>
      </header>
      <div role="status">
        {announcement === null ? null : <p className="notice">{announcement}</p>}
      </div>
      {body}
    </div>
  );
}

function Overview(props: {
  state: TwoStepState;
  isBusy: boolean;
  error: AppError | null;
  emailNotice: string | null;
  onMode: (mode: Mode) => void;
  onConfirmEmail: (code: string) => void;
  onResendEmail: () => void;
  onCancelEmail: () => void;
  onFinishReset: () => void;
  onDeclineReset: () => void;
}): ReactNode {
  const { state } = props;
  const hasWaitingEmail = state.unconfirmedEmailPattern !== null;
  return (
    <>
      <section className="panel" aria-labelledby="two-step-state-title">
        <h2 id="two-step-state-title">Now</h2>
        <dl className="facts">
          <dt>Two-step verification</dt>
          <dd>{state.isOn ? 'On' : 'Off'}</dd>
          {state.isOn ? (
            <>
              <dt>Hint</dt>
              <dd>{state.hint === null || state.hint === '' ? 'None' : state.hint}</dd>
              <dt>Recovery email</dt>
              <dd>{state.hasRecoveryEmail ? 'Set' : 'Not set'}</dd>
            </>
          ) : null}
        </dl>
        {!state.isOn && !hasWaitingEmail ? (
          <p className="muted">
            Anyone who gets a login code for this account can sign in to it. A password stops them.
          </p>
        ) : null}
        {state.pendingResetAt === null ? null : (
          <div className="notice notice-warn">
            <p>
              A reset of the password was requested. Telegram turns two-step verification off on{' '}
              <strong>{formatResetMoment(state.pendingResetAt)}</strong>, unless you cancel it.
            </p>
            <div className="form-actions">
              <button
                type="button"
                className="button"
                disabled={props.isBusy}
                onClick={props.onFinishReset}
              >
                Finish the reset
              </button>
              <button
                type="button"
                className="button button-danger-quiet"
                disabled={props.isBusy}
                onClick={props.onDeclineReset}
              >
                Cancel the reset
              </button>
            </div>
          </div>
        )}
        {hasWaitingEmail ? null : (
          <div className="form-actions">
            {state.isOn ? (
              <>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    props.onMode({ name: 'change-password' });
                  }}
                >
                  Change password
                </button>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    props.onMode({ name: 'email' });
                  }}
                >
                  {state.hasRecoveryEmail ? 'Change recovery email' : 'Add recovery email'}
                </button>
                <button
                  type="button"
                  className="button button-danger-quiet"
                  onClick={() => {
                    props.onMode({ name: 'disable' });
                  }}
                >
                  Turn off
                </button>
                <button
                  type="button"
                  className="button-link"
                  onClick={() => {
                    props.onMode({ name: 'forgot' });
                  }}
                >
                  Forgot password?
                </button>
              </>
            ) : (
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  props.onMode({ name: 'enable' });
                }}
              >
                Turn on
              </button>
            )}
          </div>
        )}
        {hasWaitingEmail ? null : <FormError message={props.error?.message ?? null} />}
      </section>
      {hasWaitingEmail ? (
        <section className="panel">
          <EmailCodeForm
            pattern={state.unconfirmedEmailPattern ?? ''}
            length={state.emailCodeLength}
            isBusy={props.isBusy}
            error={props.error}
            notice={props.emailNotice}
            onConfirm={props.onConfirmEmail}
            onResend={props.onResendEmail}
            onCancelEmail={props.onCancelEmail}
          />
        </section>
      ) : null}
    </>
  );
}

function ForgotPassword(props: {
  state: TwoStepState;
  isBusy: boolean;
  error: string | null;
  onBack: () => void;
  onEmail: () => void;
  onReset: () => void;
}): ReactNode {
  const { state } = props;
  return (
    <section className="panel" aria-labelledby="two-step-form-title">
      <h2 id="two-step-form-title" tabIndex={-1}>
        Forgot the password?
      </h2>
      {state.hasRecoveryEmail ? (
        <p>Telegram can send a code to the account’s recovery email to reset the password.</p>
      ) : (
        <p>
          This account has no recovery email. Telegram can reset the password instead, after a
          waiting period of about a week. You keep the account, its chats and its contacts; the
          password is removed when the wait is over, unless a signed-in device cancels it.
        </p>
      )}
      <FormError message={props.error} />
      <div className="form-actions">
        {state.hasRecoveryEmail ? (
          <button
            type="button"
            className="button button-primary"
            disabled={props.isBusy}
            onClick={props.onEmail}
          >
            <BusyLabel isBusy={props.isBusy}>Send a code to the recovery email</BusyLabel>
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            disabled={props.isBusy || state.pendingResetAt !== null}
            onClick={props.onReset}
          >
            <BusyLabel isBusy={props.isBusy}>Reset the password</BusyLabel>
          </button>
        )}
        <button type="button" className="button" disabled={props.isBusy} onClick={props.onBack}>
          Back
        </button>
      </div>
    </section>
  );
}
