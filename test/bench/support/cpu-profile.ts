import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * A CPU profile of this process from now until the function it resolves to runs, written as
 * `dir/name` (for Chrome's DevTools); null, and nothing profiled, when `dir` is not set.
 */
export async function startCpuProfile(
  dir: string | undefined,
  name: string,
): Promise<(() => Promise<void>) | null> {
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(join(dir, name), JSON.stringify(profile));
    session.disconnect();
  };
}

/**
 * A sampling allocation profile from now until the function it resolves to runs: every sampled
 * allocation, also those the garbage collector has taken since (what makes the collector work),
 * written as `dir/name` (a `.heapprofile` for Chrome's DevTools); null when `dir` is not set.
 */
export async function startAllocationProfile(
  dir: string | undefined,
  name: string,
): Promise<(() => Promise<void>) | null> {
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval: 16_384,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    const { profile } = await session.post('HeapProfiler.stopSampling');
    writeFileSync(join(dir, name), JSON.stringify(profile));
    session.disconnect();
  };
}
