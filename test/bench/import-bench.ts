/**
 * Figure 5: importing N string sessions minted by the DC (a quarter each GramJS, Telethon,
 * Pyrogram and mtcute) through the real core: `sessions:preview` (parse) and `sessions:import`
 * (connect, check with users.getUsers, seal in the vault on disk) until the import's last
 * `import:changed` says done, with the main loop's lag measured over the whole time. The DC runs
 * in a child process, so its work is not in the lag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBenchCore, createBenchVault } from './support/bench-core';
import { forkDcChild } from './support/dc-child-process';
import type { Envelope } from '../../electron/shared/errors';
import type { CustomServerProfile } from '../../electron/shared/server-profile';
import type { ImportJobView, SessionPreview } from '../../electron/shared/session-import-dto';
import { FakeCipher } from '../support/keychain';

export interface ImportRun {
  sessions: number;
  added: number;
  previewMs: number;
  wallMs: number;
  lagP50: number;
  lagP99: number;
  lagMax: number;
}

async function startMintingDc(
  accounts: number,
): Promise<{ profile: CustomServerProfile; text: string; stop: () => void }> {
  const dc = await forkDcChild('import-dc-child.ts', ['--accounts', String(accounts)]);
  return { profile: dc.profile, text: dc.output, stop: dc.stop };
}

export async function benchImport(sessions: number): Promise<ImportRun> {
  const dc = await startMintingDc(sessions);
  const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-bench-import-'));
  const cipher = new FakeCipher();
  try {
    const vault = await createBenchVault(join(dataDir, 'vault'), cipher);
    await vault.close();
    const core = await createBenchCore({ dataDir, cipher, profile: dc.profile });
    await core.start();
    const sender = { transport: 'web' as const, url: 'http://127.0.0.1:1' };
    let resolveDone: (view: ImportJobView) => void = () => undefined;
    const done = new Promise<ImportJobView>((r) => (resolveDone = r));
    core.events.subscribe((event, payload) => {
      if (event !== 'import:changed') return;
      const view = payload as ImportJobView;
      if (view.state === 'done' || view.state === 'cancelled') resolveDone(view);
    });
    const lag = monitorEventLoopDelay({ resolution: 5 });
    lag.enable();
    const t0 = performance.now();
    const preview = (await core.router.dispatch(
      'sessions:preview',
      { items: [{ name: '', text: dc.text }] },
      sender,
    )) as Envelope<SessionPreview>;
    if (!preview.ok) throw new Error(preview.error.message);
    const previewMs = performance.now() - t0;
    const started = (await core.router.dispatch(
      'sessions:import',
      { previewId: preview.value.previewId, rowIds: preview.value.rows.map((r) => r.rowId) },
      sender,
    )) as Envelope<ImportJobView>;
    if (!started.ok) throw new Error(started.error.message);
    const view = await done;
    const wallMs = performance.now() - t0;
    lag.disable();
    await core.stop();
    return {
      sessions,
      added: view.counts.added,
      previewMs,
      wallMs,
      lagP50: lag.percentile(50) / 1e6,
      lagP99: lag.percentile(99) / 1e6,
      lagMax: lag.max / 1e6,
    };
  } finally {
    dc.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
