import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

type Stop = () => Promise<void>;

/**
 * Starts one of V8's profilers through the inspector, and resolves to the function that stops it
 * and writes what it took as `dir/name`; null, and nothing profiled, when `dir` is not set.
 */
async function inspectorProfile(
  dir: string | undefined,
  name: string,
  start: (session: Session) => Promise<void>,
  stop: (session: Session) => Promise<object>,
): Promise<Stop | null> {
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await start(session);
  return async () => {
    const profile = await stop(session);
    writeFileSync(join(dir, name), JSON.stringify(profile));
    session.disconnect();
  };
}

/** A CPU profile of this process from now until the stop (a `.cpuprofile` for DevTools). */
export function startCpuProfile(dir: string | undefined, name: string): Promise<Stop | null> {
  return inspectorProfile(
    dir,
    name,
    async (session) => {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    },
    async (session) => (await session.post('Profiler.stop')).profile,
  );
}

/**
 * A sampling allocation profile from now until the stop: every sampled allocation, also those the
 * garbage collector has taken since (what makes the collector work); a `.heapprofile`. With
 * GRAMDECK_ALLOC_RETAINED_ONLY=1, only what is still alive at the stop (what was promoted).
 */
export function startAllocationProfile(
  dir: string | undefined,
  name: string,
): Promise<Stop | null> {
  const isRetainedOnly = process.env.GRAMDECK_ALLOC_RETAINED_ONLY === '1';
  return inspectorProfile(
    dir,
    name,
    async (session) => {
      await session.post('HeapProfiler.enable');
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 16_384,
        includeObjectsCollectedByMajorGC: !isRetainedOnly,
        includeObjectsCollectedByMinorGC: !isRetainedOnly,
      });
    },
    async (session) => (await session.post('HeapProfiler.stopSampling')).profile,
  );
}
