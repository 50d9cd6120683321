/**
 * Figure 16's traffic (issue 17): each of `accounts` accounts receives a message once every
 * `periodMs` on average, from another of them, spread evenly over time. Message j is due at
 * j × periodMs / accounts after the start; it goes to account j mod accounts from the account
 * half the list away, (j + ⌊accounts / 2⌋) mod accounts. So within any period every account
 * receives exactly one message and sends exactly one, half a period apart (the core's reaction
 * to the one does not merge with its reaction to the other), and the overall rate is
 * accounts / period (167 a second for 10,000 accounts and a minute).
 */
export interface UpdateSchedule {
  /** The messages due by `elapsedMs` after the start that were not handed out yet, in order. */
  due(elapsedMs: number): { from: number; to: number }[];
  /** How many were handed out. */
  sent(): number;
}

export function updateSchedule(accounts: number, periodMs: number): UpdateSchedule {
  if (!Number.isInteger(accounts) || accounts < 2)
    throw new Error(`updates need 2 accounts or more, not ${accounts}`);
  if (!(periodMs > 0)) throw new Error(`the period must be positive, not ${periodMs}`);
  let next = 0;
  const away = Math.floor(accounts / 2);
  return {
    due(elapsedMs) {
      const upTo = Math.floor((Math.max(0, elapsedMs) * accounts) / periodMs);
      const out: { from: number; to: number }[] = [];
      for (; next <= upTo; next++)
        out.push({ to: next % accounts, from: (next + away) % accounts });
      return out;
    },
    sent: () => next,
  };
}
