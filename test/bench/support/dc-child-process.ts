/**
 * The sandbox DC in a child process for a bench figure (its CPU stays out of the bench's own
 * figures): forks one of the `*-dc-child.ts` scripts beside this file with `--out FILE` added,
 * waits for its `{ profile }` message, and hands back what it wrote to FILE (the file is
 * removed). `ask` sends a request and resolves with the child's next message.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';

export interface DcChild {
  child: ChildProcess;
  profile: CustomServerProfile;
  /** What the child wrote to its `--out` file before it said it was ready. */
  output: string;
  ask: <T>(request: object) => Promise<T>;
  stop: () => void;
}

export async function forkDcChild(script: string, args: string[]): Promise<DcChild> {
  const dir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-dc-'));
  const out = join(dir, 'out');
  const child = fork(join(import.meta.dirname, script), [...args, '--out', out], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ profile: CustomServerProfile }>((resolve, reject) => {
    child.once('message', (m) => {
      resolve(m as { profile: CustomServerProfile });
    });
    child.once('exit', (code) => {
      reject(new Error(`the DC child exited with ${String(code)}`));
    });
  });
  const output = readFileSync(out, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    child,
    profile: ready.profile,
    output,
    ask: <T>(request: object) =>
      new Promise<T>((resolve) => {
        child.once('message', (m) => {
          resolve(m as T);
        });
        child.send(request);
      }),
    stop: () => {
      child.disconnect();
    },
  };
}
