import type { ReactNode } from 'react';

/** What to do when the password cannot be recovered by email (PASSWORD_RECOVERY_NA). */
export function AccountResetHelp(): ReactNode {
  return (
    <div className="notice notice-warn" role="note">
      <p>
        <strong>This account has no recovery email</strong>, so the password cannot be reset by
        email.
      </p>
      <p>
        If the account is signed in on a phone, you can see or change the password there under
        Settings → Privacy and Security → Two-Step Verification. Otherwise you can reset the account
        from the Telegram app: on its password screen choose “Forgot password?”, then “Reset
        account”. Telegram may ask you to wait up to a week, and the reset deletes the account’s
        chats and messages but keeps the phone number.
      </p>
    </div>
  );
}
