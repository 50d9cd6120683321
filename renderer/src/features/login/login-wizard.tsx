import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useAppData } from '../../state/app-data';
import { CodeStep } from './code-step';
import { EmailSetupStep } from './email-setup-step';
import { PasswordStep } from './password-step';
import { PhoneStep, type LoginProxy } from './phone-step';
import { QrStep } from './qr-step';
import { RecoveryStep } from './recovery-step';
import { SignUpStep } from './sign-up-step';
import { useLoginAttempt } from './use-login-attempt';
import { StorageNotice } from '../../ui/storage-notice';
import './login.css';

/**
 * Adding an account: phone or QR, then whatever Telegram asks for (code, password, recovery,
 * sign-up). The steps come from the attempt's views; this component only wires actions to calls.
 * Leaving it keeps the attempt open (the sidebar lists it); mounted with `initialAttemptId` it
 * resumes that attempt where it was.
 */
export function LoginWizard(props: {
  initialPhone: string | null;
  initialMode: 'phone' | 'qr';
  /** An open attempt to resume, or null for a new one. */
  initialAttemptId: string | null;
  onDone: (accountId: string) => void;
  /** Back to the app; null when there is nowhere to go back to (no accounts yet). */
  onClose: (() => void) | null;
  onSecureStorage: () => void;
}): ReactNode {
  const { info, accounts } = useAppData();
  const attempt = useLoginAttempt(props.initialAttemptId);
  const { view, error, retryAt, isBusy, run, reset, clearError } = attempt;
  const [mode, setMode] = useState<'phone' | 'qr'>(props.initialMode);
  const [lastPhone, setLastPhone] = useState<string | null>(props.initialPhone);
  const [lastProxy, setLastProxy] = useState<LoginProxy>(undefined);
  const containerRef = useRef<HTMLDivElement>(null);
  const step = view === null || view.step === 'cancelled' ? mode : view.step;
  const allowTestNumbers = info.serverProfile.kind !== 'production';

  // Move focus to the heading of each new step.
  useEffect(() => {
    containerRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [step]);

  const { onDone } = props;
  // An account that was already here is not opened silently: the done step says so first.
  const alreadyAddedId =
    view?.step === 'done' && view.error?.code === 'ACCOUNT_ALREADY_ADDED' ? view.accountId : null;
  const doneId = view?.step === 'done' && alreadyAddedId === null ? view.accountId : null;
  useEffect(() => {
    if (doneId !== null) onDone(doneId);
  }, [doneId, onDone]);

  const startQr = (): void => {
    setMode('qr');
    reset();
    void run('auth:start-qr');
  };
  const initialQr = useRef(props.initialMode === 'qr' && props.initialAttemptId === null);
  useEffect(() => {
    if (!initialQr.current) return;
    initialQr.current = false;
    void run('auth:start-qr');
  }, [run]);

  const cancel = async (): Promise<void> => {
    if (view !== null && view.step !== 'done' && view.step !== 'cancelled') {
      await run('auth:cancel', { attemptId: view.attemptId });
    }
    reset();
  };

  const backToPhone = (): void => {
    void cancel();
    setMode('phone');
  };

  let content: ReactNode;
  switch (step) {
    case 'phone':
      content = (
        <PhoneStep
          initialPhone={lastPhone}
          allowTestNumbers={allowTestNumbers}
          error={error}
          retryAt={retryAt}
          isBusy={isBusy}
          onEdit={clearError}
          onOpenAccount={onDone}
          onSubmit={(phone, proxy) => {
            setLastPhone(phone);
            setLastProxy(proxy);
            void run('auth:start', proxy === undefined ? { phone } : { phone, proxy });
          }}
        />
      );
      break;
    case 'qr':
      content = (
        <QrStep
          view={view}
          error={error}
          isBusy={isBusy}
          onRetry={startQr}
          onUsePhone={backToPhone}
        />
      );
      break;
    case 'code': {
      /** "Send a new code": a new attempt for the same number, through the same proxy. */
      const startAgain = () => {
        const phone = view?.phone ?? lastPhone;
        if (phone === null) return;
        void run('auth:start', lastProxy === undefined ? { phone } : { phone, proxy: lastProxy });
      };
      const wrongNumber = () => {
        setLastPhone(view?.phone ?? lastPhone);
        void cancel();
      };
      content =
        view === null ? null : view.code?.type === 'setup-email-required' ? (
          <EmailSetupStep
            key={view.attemptId}
            view={view}
            error={error}
            retryAt={retryAt}
            isBusy={isBusy}
            onEdit={clearError}
            onSetEmail={(email) => {
              void run('auth:set-login-email', { attemptId: view.attemptId, email });
            }}
            onVerify={(code) => {
              void run('auth:verify-login-email', { attemptId: view.attemptId, code });
            }}
            onNewCode={startAgain}
            onWrongNumber={wrongNumber}
          />
        ) : (
          <CodeStep
            key={view.attemptId}
            view={view}
            error={error}
            retryAt={retryAt}
            isBusy={isBusy}
            onEdit={clearError}
            onSubmit={(code) => {
              void run('auth:submit-code', { attemptId: view.attemptId, code });
            }}
            onResend={() => {
              void run('auth:resend-code', { attemptId: view.attemptId });
            }}
            onNewCode={startAgain}
            onWrongNumber={wrongNumber}
          />
        );
      break;
    }
    case 'password':
      content =
        view === null ? null : (
          <PasswordStep
            view={view}
            error={error}
            retryAt={retryAt}
            isBusy={isBusy}
            onEdit={clearError}
            onSubmit={(password) => {
              void run('auth:submit-password', { attemptId: view.attemptId, password });
            }}
            onForgot={() => {
              void run('auth:request-recovery', { attemptId: view.attemptId });
            }}
            onResetAccount={(confirmation) => {
              void run('auth:reset-account', { attemptId: view.attemptId, confirmation });
            }}
            onCancel={backToPhone}
          />
        );
      break;
    case 'recovery':
      content =
        view === null ? null : (
          <RecoveryStep
            view={view}
            error={error}
            retryAt={retryAt}
            isBusy={isBusy}
            onEdit={clearError}
            onCheckCode={(code) => {
              void run('auth:check-recovery-code', { attemptId: view.attemptId, code });
            }}
            onRecover={(input) => {
              void run('auth:recover-password', { attemptId: view.attemptId, ...input });
            }}
            onResendEmail={() => {
              void run('auth:request-recovery', { attemptId: view.attemptId });
            }}
            onBack={backToPhone}
          />
        );
      break;
    case 'sign-up':
      content =
        view === null ? null : (
          <SignUpStep
            view={view}
            error={error}
            isBusy={isBusy}
            onEdit={clearError}
            onSubmit={(input) => {
              void run('auth:sign-up', {
                attemptId: view.attemptId,
                ...input,
                acceptTerms: true,
              });
            }}
            onCancel={backToPhone}
          />
        );
      break;
    case 'done': {
      const existing =
        alreadyAddedId === null
          ? undefined
          : accounts.accounts.find((account) => account.id === alreadyAddedId);
      content =
        alreadyAddedId === null ? (
          <div className="form" role="status">
            <h1 tabIndex={-1}>Signed in</h1>
            <p>Opening the account…</p>
          </div>
        ) : (
          <div className="form">
            <h1 tabIndex={-1}>Already in Gramdeck</h1>
            <p role="alert">
              {existing === undefined
                ? 'This Telegram account is already in Gramdeck.'
                : `This Telegram account is already in Gramdeck as ${existing.displayName}.`}
            </p>
            <p className="muted">Gramdeck ended the new sign-in, so nothing was added twice.</p>
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                onClick={() => {
                  onDone(alreadyAddedId);
                }}
              >
                Open it
              </button>
              <button
                type="button"
                className="button"
                onClick={() => {
                  reset();
                  setMode('phone');
                }}
              >
                Add another account
              </button>
            </div>
          </div>
        );
      break;
    }
  }

  const isAtStart = step === 'phone' || step === 'qr';
  const isOpen = view !== null && view.step !== 'done' && view.step !== 'cancelled';
  return (
    <section className="page login" aria-label="Add an account">
      <StorageNotice onSecureStorage={props.onSecureStorage} />
      {isAtStart ? (
        <div className="segmented" role="group" aria-label="Sign in with">
          <button
            type="button"
            className="segment"
            aria-pressed={step === 'phone'}
            onClick={() => {
              if (step !== 'phone') backToPhone();
            }}
          >
            Phone number
          </button>
          <button
            type="button"
            className="segment"
            aria-pressed={step === 'qr'}
            onClick={() => {
              if (step !== 'qr') startQr();
            }}
          >
            QR code
          </button>
        </div>
      ) : null}
      <div ref={containerRef} className="card login-card" aria-busy={isBusy}>
        {content}
      </div>
      <div className="login-leave">
        {props.onClose !== null && (isAtStart || isOpen) ? (
          <button type="button" className="button-link" onClick={props.onClose}>
            Back to accounts
          </button>
        ) : null}
        {isOpen ? (
          <button type="button" className="button-link" onClick={backToPhone}>
            Cancel sign-in
          </button>
        ) : null}
      </div>
      {isOpen && props.onClose !== null ? (
        <p className="muted">
          You can leave this page: the sign-in waits under “Sign-ins in progress” for 15 minutes.
        </p>
      ) : null}
    </section>
  );
}
