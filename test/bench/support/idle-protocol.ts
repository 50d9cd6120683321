/**
 * What the idle child (idle-child.ts) and figure 16's bench (idle-bench.ts) say to each other
 * over IPC, in a module of its own: importing the child would run it.
 *
 * child → `settled` once every account is online and the restore's extras are done; parent →
 * `{ window: phase, ms }` (for `first` and `steady`, while the DC shards send); child → `window`
 * when the window has passed; parent → `{ delivered: sent }` once the shards stopped (the child
 * waits for the unread counts to take them in) → child `delivered`; parent → `{ stop: true }`.
 */
import type { GcSummary } from './gc-watch';
import type { DcCalls } from './restore-protocol';

/**
 * `idle`: no messages; `first`: the minute in which every account receives its first message from
 * its partner (a chat new to both: the core reads its dialog); `steady`: the next minute(s), the
 * same pairs again, in chats both already list.
 */
export type IdlePhase = 'idle' | 'first' | 'steady';

export interface IdleSettled {
  kind: 'settled';
  /** `core.start()` until all accounts were online. */
  restoreMs: number;
  /** All online until no call but pings went to the DC for 3 s (the extras done). */
  extrasMs: number;
  /** Whether the cap on that wait ended it (calls were still going out). */
  isExtrasCapped: boolean;
  /** Accounts whose inbox first page was still loading or failed when the wait ended. */
  inboxPending: number;
}

export interface IdleWindow {
  kind: 'window';
  phase: IdlePhase;
  wallMs: number;
  /** This process's CPU (user + system, all threads) over the window. */
  cpuMs: number;
  /** `monitorEventLoopDelay` over the window, in ms (each sample includes its resolution). */
  lagP50: number;
  lagP99: number;
  lagMax: number;
  resolutionMs: number;
  /** DC calls by method during the window (pings included). */
  calls: DcCalls;
  /** The garbage collector's pauses during the window, by kind. */
  gc: GcSummary;
}

export interface IdleDelivered {
  kind: 'delivered';
  /** The growth of the inbox's unread total from the `first` window's start, after a drain. */
  delivered: number;
}
