import type { ReactNode } from 'react';
import type { LoginStep, LoginView } from '../../../electron/shared/dto';

const stepWords: Partial<Record<LoginStep, string>> = {
  code: 'Waiting for the code',
  password: 'Waiting for the two-step verification password',
  recovery: 'Resetting the password by email',
  'sign-up': 'Waiting for the name of the new account',
  qr: 'Waiting for the QR code to be scanned',
};

/** "Signing in +999 66 2 0001", or the QR login's words. */
export function pendingLoginTitle(view: LoginView): string {
  return view.phone === null ? 'Signing in with a QR code' : `Signing in ${view.phone}`;
}

/** The attempt's step in words, for the sidebar and screen readers. */
export function pendingLoginStep(view: LoginView): string {
  return stepWords[view.step] ?? 'In progress';
}

/**
 * The sign-ins the user left before they finished: each resumes the wizard at its step, or is
 * cancelled here. Shown above the account list only while there is one.
 */
export function PendingLogins(props: {
  pending: LoginView[];
  /** An attempt main ended on its own (idle, lock): said once, so its entry does not just vanish. */
  lastEnded: LoginView | null;
  currentAttemptId: string | null;
  onResume: (view: LoginView) => void;
  onCancel: (view: LoginView) => void;
}): ReactNode {
  const ended = props.lastEnded;
  const notice = (
    <p className="pending-login-notice muted" role="status">
      {ended === null || ended.error === null
        ? ''
        : `${pendingLoginTitle(ended)} ended. ${ended.error.message}`}
    </p>
  );
  if (props.pending.length === 0) return <div className="pending-logins-empty">{notice}</div>;
  return (
    <section className="pending-logins" aria-labelledby="pending-logins-heading">
      <h2 id="pending-logins-heading" className="sidebar-title">
        Sign-ins in progress
      </h2>
      {notice}
      <ul className="pending-login-list">
        {props.pending.map((view) => {
          const title = pendingLoginTitle(view);
          return (
            <li key={view.attemptId} className="pending-login">
              <button
                type="button"
                className="pending-login-resume"
                aria-current={view.attemptId === props.currentAttemptId ? 'page' : undefined}
                onClick={() => {
                  props.onResume(view);
                }}
              >
                <span className="pending-login-title">{title}</span>
                <span className="pending-login-step" title={pendingLoginStep(view)}>
                  {pendingLoginStep(view)}
                </span>
              </button>
              <button
                type="button"
                className="button-link"
                aria-label={`Cancel: ${title}`}
                onClick={() => {
                  props.onCancel(view);
                }}
              >
                Cancel
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
