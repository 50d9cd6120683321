import type { ReactNode } from 'react';

/**
 * What to do when the password cannot be recovered by email: the account has no recovery email
 * (`has_recovery: false`, or Telegram answered PASSWORD_RECOVERY_NA). `onReset` opens the
 * account reset; a QR login has none (it has no code to sign the number up with afterwards).
 */
export function AccountResetHelp(props: { id?: string; onReset: (() => void) | null }): ReactNode {
  return (
    <div id={props.id} className="notice notice-warn" role="note">
      <p>
        <strong>This account has no recovery email</strong>, so the password cannot be reset by
        email.
      </p>
      <p>
        If the account is signed in on a phone, you can see or change the password there under
        Settings → Privacy and Security → Two-Step Verification. Otherwise you can reset the
        account: Telegram deletes its chats, messages and contacts, and the phone number becomes a
        new account. Telegram may ask you to wait up to a week first.
      </p>
      {props.onReset === null ? (
        <p>To reset the account, sign in with its phone number instead of the QR code.</p>
      ) : (
        <button type="button" className="button" onClick={props.onReset}>
          Reset the account…
        </button>
      )}
    </div>
  );
}
