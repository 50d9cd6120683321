/**
 * Requests a bench child sends to the DC, by method, counted where every request leaves GramJS:
 * its sender (`MTProtoSender.send`, and `addStateToQueue`, client.invoke's way), with the
 * wrappers `invokeWithLayer` / `initConnection` / `invokeWithoutUpdates` unwrapped. Shared by
 * the restore child (figure 1) and the idle child (figure 16).
 */
import { MTProtoSender } from 'telegram/network';
import { sleep } from '../../support/timers';
import type { DcCalls } from './restore-protocol';

/** GramJS's keep-alive (every 9 s per client): the one call that says nothing of work. */
export const pingMethod = 'PingDelayDisconnect';

/** Wrappers that carry the real request in `query`. */
const wrappers = new Set(['InvokeWithLayer', 'InitConnection', 'InvokeWithoutUpdates']);

export interface DcCallCounter {
  /** Calls by method since the counter was installed. */
  now(): DcCalls;
  /**
   * Waits until no call but pings went out for `quietMs` (at most `capMs`); how long it took,
   * and whether the cap ended the wait.
   */
  untilQuiet(quietMs: number, capMs: number): Promise<{ ms: number; isCapped: boolean }>;
}

/** Installs the counter on GramJS's sender (once per process). */
export function countDcCalls(): DcCallCounter {
  const calls = new Map<string, number>();
  let lastCallAt = performance.now();
  const proto = MTProtoSender.prototype as unknown as {
    send: (request: unknown) => unknown;
    addStateToQueue: (state: { request: unknown }) => unknown;
  };
  const count = (request: unknown) => {
    let r = request as { className?: string; query?: unknown } | undefined;
    while (r?.className !== undefined && wrappers.has(r.className))
      r = r.query as typeof r | undefined;
    const method = r?.className ?? 'unknown';
    calls.set(method, (calls.get(method) ?? 0) + 1);
    if (method !== pingMethod) lastCallAt = performance.now();
  };
  const { send, addStateToQueue } = proto;
  proto.send = function (this: unknown, request: unknown) {
    count(request);
    return send.call(this, request);
  };
  proto.addStateToQueue = function (this: unknown, state: { request: unknown }) {
    count(state.request);
    return addStateToQueue.call(this, state);
  };
  return {
    now: () => Object.fromEntries(calls),
    async untilQuiet(quietMs, capMs) {
      const t0 = performance.now();
      while (performance.now() - lastCallAt < quietMs && performance.now() - t0 < capMs)
        await sleep(250);
      const ms = performance.now() - t0;
      return { ms, isCapped: performance.now() - lastCallAt < quietMs };
    },
  };
}

/** `after − before`, by method, leaving out methods that made no call in between. */
export function callsBetween(before: DcCalls, after: DcCalls): DcCalls {
  return Object.fromEntries(
    Object.entries(after)
      .map(([m, n]) => [m, n - (before[m] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}
