/**
 * Figure 4 reads its Chromium traces (issue 17): the page's main-thread CPU from navigation start
 * to the first row, and how the entry chunk was compiled (from V8's code cache or from source).
 */
import { describe, expect, test } from 'vitest';
import { cpuToShown, entryCompile } from '../../bench/renderer-bench';

const page = { pid: 7, tid: 1 };
const trace = (events: object[]) => Buffer.from(JSON.stringify({ traceEvents: events }));
const task = (ts: number, tdur: number) => ({ name: 'RunTask', ph: 'X', ts, tdur, ...page });
const compile = (url: string, data: object, dur = 4000) => ({
  name: 'v8.compileModule',
  ph: 'X',
  ts: 500,
  dur,
  ...page,
  args: { data: { url, ...data } },
});

describe('cpuToShown', () => {
  test("sums the page's main-thread tasks from its navigation to the first row", () => {
    const events = [
      { name: 'navigationStart', ph: 'R', ts: 1000, ...page },
      task(500, 9000), // before the navigation
      task(1000, 20_000),
      task(5000, 30_500),
      { ...task(6000, 40_000), tid: 2 }, // another thread
      { ...task(6000, 40_000), pid: 8 }, // another process
      { name: 'gramdeck-shown', ph: 'I', ts: 9000, ...page },
      task(9500, 70_000), // after the first row
    ];
    expect(cpuToShown(trace(events))).toBe(50.5);
  });

  test("a trace without the page's navigationStart is no reading", () => {
    const events = [
      { name: 'navigationStart', ph: 'R', ts: 1000, ...page, pid: 3 },
      task(5000, 30_000),
      { name: 'gramdeck-shown', ph: 'I', ts: 9000, ...page },
    ];
    expect(cpuToShown(trace(events))).toBeNaN();
    expect(cpuToShown(trace([task(5000, 30_000)]))).toBeNaN();
  });
});

describe('entryCompile', () => {
  const entry = 'http://127.0.0.1:4000/assets/index-D5DYCYL5.js';

  test('a compile from the code cache', () => {
    const events = [
      compile('http://127.0.0.1:4000/assets/call-eO_ILEdk.js', { streamed: true }),
      compile(entry, { streamed: false, consumedCacheSize: 163_640 }, 7200),
    ];
    expect(entryCompile(trace(events))).toEqual({
      consumedCacheBytes: 163_640,
      streamed: false,
      compileMs: 7.2,
    });
  });

  test('a streamed compile from source', () => {
    expect(entryCompile(trace([compile(entry, { streamed: true }, 100)]))).toEqual({
      consumedCacheBytes: 0,
      streamed: true,
      compileMs: 0.1,
    });
  });

  test("no reading when the entry chunk's compile is not in the trace", () => {
    const other = compile('http://127.0.0.1:4000/assets/chats-D-1vw4fY.js', { streamed: true });
    expect(entryCompile(trace([other]))).toBeNull();
    expect(entryCompile(trace([]))).toBeNull();
  });
});
