/**
 * The gateway's one keep-alive (issue 17): every connection pinged once per interval, spread
 * evenly over it; a ping unanswered for a whole interval reconnects, a slow one does not, nor one
 * this process was too busy to read; acknowledgements leave within 10 s; an idle connection asks
 * for its update state every 30 minutes; no timer once nothing is watched.
 */
import { describe, expect, test } from 'vitest';
import { KeepAlive, type KeepAliveTarget } from '../../../electron/telegram/keep-alive';
import { repeat } from '../../../electron/core/timers';
import { ManualTimers, TestClock } from '../../support/timers';

class FakeTarget implements KeepAliveTarget {
  isConnected = true;
  pings: { at: number; delay: number; answer: () => void; fail: () => void }[] = [];
  reconnects: number[] = [];
  ackFlushes: number[] = [];
  stateRequests: number[] = [];
  lastRequest: number;
  /** Answer each ping at once (else the test answers it). */
  isAnswering = true;

  constructor(private readonly clock: TestClock) {
    this.lastRequest = clock.now();
  }
  isReady(): boolean {
    return this.isConnected;
  }
  ping(delay: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.pings.push({
        at: this.clock.now(),
        delay,
        answer: () => {
          resolve('pong');
        },
        fail: reject,
      });
      if (this.isAnswering) resolve('pong');
    });
  }
  reconnect(): void {
    this.reconnects.push(this.clock.now());
  }
  flushAcks(): void {
    this.ackFlushes.push(this.clock.now());
  }
  lastRequestAt(): number {
    return this.lastRequest;
  }
  requestState(): Promise<unknown> {
    this.stateRequests.push(this.clock.now());
    this.lastRequest = this.clock.now();
    return Promise.resolve();
  }
}

/** A keep-alive on the test's clock, with a 1 s tick (null: the default tick). */
function setUp(tickMs: number | null = 1_000) {
  const clock = new TestClock();
  const timers = new ManualTimers(clock);
  const keepAlive = new KeepAlive({
    repeat: (task, ms) => repeat(timers, task, ms),
    clock,
    ...(tickMs === null ? {} : { tickMs }),
  });
  const start = clock.now();
  /** Moves time on a second at a time, letting settled pings' callbacks run between ticks. */
  const pass = async (ms: number) => {
    for (let left = ms; left > 0; left -= 1_000) {
      timers.advance(Math.min(1_000, left));
      await Promise.resolve();
      await Promise.resolve();
    }
  };
  return { clock, timers, keepAlive, start, pass };
}

describe('keep-alive', () => {
  test('pings every connection once per 30 s, spread evenly, with a 60 s disconnect delay', async () => {
    const { clock, keepAlive, pass } = setUp(null);
    const targets = Array.from({ length: 3_000 }, () => new FakeTarget(clock));
    for (const target of targets) keepAlive.watch(target);
    await pass(90_000);
    for (const target of targets) {
      expect(target.pings).toHaveLength(3);
      expect(target.pings[1]!.at - target.pings[0]!.at).toBe(30_000);
      expect(target.pings.every((p) => p.delay === 60)).toBe(true);
      expect(target.reconnects).toEqual([]);
    }
    const perTick = new Map<number, number>();
    for (const p of targets.flatMap((t) => t.pings))
      perTick.set(p.at, (perTick.get(p.at) ?? 0) + 1);
    // 3,000 connections over the 1,500 ticks of 20 ms in 30 s: 2 pings a tick, every tick.
    expect(perTick.size).toBe(4_500);
    expect([...perTick.values()].every((n) => n === 2)).toBe(true);
  });

  test('a connection that arrives after one left takes its turn: the spread stays even', async () => {
    const { clock, keepAlive, pass } = setUp(null);
    const targets = Array.from({ length: 3_000 }, () => new FakeTarget(clock));
    const unwatch = targets.map((target) => keepAlive.watch(target));
    // Ten leave (from ten different ticks), ten others arrive.
    for (const i of [0, 7, 300, 301, 999, 1_500, 2_001, 2_222, 2_998, 2_999]) unwatch[i]!();
    const arrivals = Array.from({ length: 10 }, () => new FakeTarget(clock));
    for (const target of arrivals) keepAlive.watch(target);
    await pass(30_000);
    const perTick = new Map<number, number>();
    for (const p of [...targets, ...arrivals].flatMap((t) => t.pings))
      perTick.set(p.at, (perTick.get(p.at) ?? 0) + 1);
    expect(perTick.size).toBe(1_500);
    expect([...perTick.values()].every((n) => n === 2)).toBe(true);
  });

  test('a ping unanswered for a whole interval reconnects; a slow answer does not', async () => {
    const { clock, keepAlive, pass } = setUp();
    const dead = new FakeTarget(clock);
    const slow = new FakeTarget(clock);
    dead.isAnswering = false;
    slow.isAnswering = false;
    keepAlive.watch(dead);
    keepAlive.watch(slow);
    await pass(2_000);
    expect(dead.pings).toHaveLength(1);
    expect(slow.pings).toHaveLength(1);
    const firstPing = dead.pings[0]!.at;
    await pass(20_000);
    slow.pings[0]!.answer();
    await pass(10_000);
    // The slow pong came within the interval: a new ping, no reconnect.
    expect(slow.reconnects).toEqual([]);
    expect(slow.pings).toHaveLength(2);
    // The dead link: no second ping on top of the first, one reconnect when the next was due.
    expect(dead.pings).toHaveLength(1);
    expect(dead.reconnects).toEqual([firstPing + 30_000]);
    // After the reconnect it is pinged again at its next turn.
    await pass(30_000);
    expect(dead.pings).toHaveLength(2);
  });

  test('no verdict while this process was stalled, nor while the connection is reconnecting', async () => {
    const { clock, timers, keepAlive, pass } = setUp();
    const target = new FakeTarget(clock);
    target.isAnswering = false;
    keepAlive.watch(target);
    await pass(1_000);
    expect(target.pings).toHaveLength(1);
    await pass(29_000);
    // The event loop stalls 40 s just before the connection's next turn: that tick runs late,
    // ahead of the socket reads it held up, so the pong may be there unread.
    clock.advance(40_000);
    timers.advance(0);
    await pass(29_000);
    expect(target.reconnects).toEqual([]);
    // Back on time, its next turn decides.
    await pass(1_000);
    expect(target.reconnects).toEqual([clock.now()]);

    const reconnecting = new FakeTarget(clock);
    reconnecting.isAnswering = false;
    keepAlive.watch(reconnecting);
    await pass(30_000);
    expect(reconnecting.pings).toHaveLength(1);
    reconnecting.isConnected = false;
    await pass(90_000);
    expect(reconnecting.reconnects).toEqual([]);
    expect(reconnecting.pings).toHaveLength(1);
  });

  test('acknowledgements are flushed every 10 s; an idle connection asks for its state every 30 min', async () => {
    const { clock, keepAlive, pass, start } = setUp();
    const target = new FakeTarget(clock);
    keepAlive.watch(target);
    await pass(60_000);
    // Two of every three visits flush acks; the third pings, which carries them.
    expect(target.ackFlushes).toHaveLength(4);
    expect(target.pings).toHaveLength(2);
    const visits = [...target.ackFlushes, ...target.pings.map((p) => p.at)].sort((a, b) => a - b);
    expect(visits.slice(1).map((at, i) => at - visits[i]!)).toEqual([
      10_000, 10_000, 10_000, 10_000, 10_000,
    ]);
    expect(target.stateRequests).toEqual([]);
    await pass(30 * 60_000);
    expect(target.stateRequests).toHaveLength(1);
    expect(target.stateRequests[0]! - start).toBeGreaterThan(30 * 60_000);
  });

  test('a connection no longer watched is never pinged, and the wheel stops when none is left', async () => {
    const { clock, timers, keepAlive, pass } = setUp();
    const kept = new FakeTarget(clock);
    const dropped = new FakeTarget(clock);
    const unwatchKept = keepAlive.watch(kept);
    const unwatchDropped = keepAlive.watch(dropped);
    unwatchDropped();
    unwatchDropped();
    expect(keepAlive.size).toBe(1);
    await pass(30_000);
    expect(kept.pings).toHaveLength(1);
    expect(dropped.pings).toEqual([]);
    unwatchKept();
    expect(keepAlive.size).toBe(0);
    expect(timers.timers.size).toBe(0);
    keepAlive.watch(kept);
    await pass(30_000);
    expect(kept.pings).toHaveLength(2);
  });
});
