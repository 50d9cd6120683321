/**
 * What the renderer sees of an added account's two-step verification (issue 15). Never a
 * password, a code or a full email address: only what Telegram's `account.password` tells.
 */
export interface TwoStepState {
  accountId: string;
  /** A password is set. */
  isOn: boolean;
  hint: string | null;
  /** A confirmed recovery email is set (Telegram shows no pattern of it). */
  hasRecoveryEmail: boolean;
  /** A new recovery email waiting for its emailed code ("t***@example.com"), or null. */
  unconfirmedEmailPattern: string | null;
  /** Digits of that email's code, when Telegram said. */
  emailCodeLength: number | null;
  /** Epoch ms when a requested password reset goes through, or null when none is waiting. */
  pendingResetAt: number | null;
}
