/**
 * Account health (issue 15): what a check found out about an account, and the health view the
 * renderer shows per account, in the health table and as the "Needs attention" badge. Nothing
 * here is secret.
 */
import type { AppError } from './errors';

/** One of Telegram's reasons for restricting an account (`restrictionReason`). */
export interface RestrictionReason {
  /** Where it applies, e.g. "all", "ios", "android". */
  platform: string;
  /** A short code, e.g. "spam". */
  reason: string;
  /** What Telegram tells the user. */
  text: string;
}

/** A frozen account (`help.getAppConfig`'s `freeze_*`): it can read, not write. */
export interface AccountFreeze {
  /** Epoch ms when it was frozen. */
  since: number;
  /** Epoch ms until which an appeal is possible (Telegram deletes it after). */
  until: number;
  /** Where to appeal (https only), or null. */
  appealUrl: string | null;
}

/** What the last health check of an account found. */
export interface HealthCheckResult {
  /** Epoch ms the check finished. */
  checkedAt: number;
  isRestricted: boolean;
  restrictions: RestrictionReason[];
  freeze: AccountFreeze | null;
  isDeactivated: boolean;
  isPremium: boolean;
  hasPassword: boolean;
  hasRecoveryEmail: boolean;
  /** Active sessions besides Gramdeck's own. */
  otherSessions: number;
}

/** Connection and key state, from the account's status. */
export type HealthConnection = 'online' | 'connecting' | 'offline' | 'locked' | 'error';

/** Whether the account's auth key still works: unknown until the account has been online. */
export type HealthKey = 'valid' | 'invalid' | 'unknown';

/** One account's health, as the table and the account page show it. */
export interface AccountHealth {
  accountId: string;
  connection: HealthConnection;
  key: HealthKey;
  /** The last check's findings (kept across restarts), or null before the first one. */
  last: HealthCheckResult | null;
  /** Why the latest check failed (it keeps the earlier findings), or null. */
  checkError: AppError | null;
  /** True while a check of this account is queued or running. */
  isChecking: boolean;
  needsAttention: boolean;
  /** Plain sentences, one per reason, empty when nothing needs attention. */
  attentionReasons: string[];
}

/** Progress of "Check all": null when no such run is going on. */
export interface HealthProgress {
  total: number;
  done: number;
  failed: number;
}

export interface HealthState {
  accounts: AccountHealth[];
  progress: HealthProgress | null;
}

/** `health:changed`: the accounts whose health changed (not the whole list), and the progress. */
export interface HealthChange {
  accounts: AccountHealth[];
  /** Ids no longer in Gramdeck: drop them. */
  removed: string[];
  progress: HealthProgress | null;
}
