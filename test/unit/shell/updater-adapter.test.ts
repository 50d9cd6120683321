import { describe, expect, it } from 'vitest';
import type { UpdaterEvent } from '../../../electron/core/ports';
import {
  createElectronUpdaterPort,
  releaseNotesToText,
  type AutoUpdaterLike,
  type UpdaterLibraryLogger,
} from '../../../electron/shell/updater';
import { createRecordingLogger } from '../../support/logger';

type Handler = (...args: never[]) => void;

/** Records every property write and call, and lets the test fire electron-updater's events. */
function recordingAutoUpdater() {
  const calls: string[] = [];
  const handlers = new Map<string, Set<Handler>>();
  const updater: AutoUpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    allowPrerelease: true,
    allowDowngrade: true,
    fullChangelog: true,
    channel: null,
    logger: null as UpdaterLibraryLogger | null,
    on(event, listener) {
      let set = handlers.get(event);
      if (set === undefined) handlers.set(event, (set = new Set()));
      set.add(listener);
      return updater;
    },
    removeListener(event, listener) {
      handlers.get(event)?.delete(listener);
      return updater;
    },
    checkForUpdates() {
      calls.push('checkForUpdates');
      return Promise.resolve(null);
    },
    downloadUpdate() {
      calls.push('downloadUpdate');
      return Promise.resolve([]);
    },
    quitAndInstall(isSilent, isForceRunAfter) {
      calls.push(`quitAndInstall(${String(isSilent)}, ${String(isForceRunAfter)})`);
    },
  };
  const fire = (event: string, ...args: unknown[]) => {
    for (const handler of handlers.get(event) ?? [])
      (handler as (...a: unknown[]) => void)(...args);
  };
  const listenerCount = () => [...handlers.values()].reduce((n, set) => n + set.size, 0);
  return { updater, calls, fire, listenerCount };
}

describe('createElectronUpdaterPort', () => {
  it('is disabled in unpackaged runs and never creates the updater', async () => {
    let isCreated = false;
    const port = createElectronUpdaterPort({
      autoUpdater: () => {
        isCreated = true;
        return recordingAutoUpdater().updater;
      },
      isPackaged: false,
      logger: createRecordingLogger(),
    });
    expect(port.disabledReason).toMatch(/development/);
    await port.checkForUpdates();
    port.quitAndInstall();
    expect(isCreated).toBe(false);
  });

  it('configures electron-updater: no automatic download, no downgrade, logger routed', () => {
    const fake = recordingAutoUpdater();
    const logger = createRecordingLogger();
    const port = createElectronUpdaterPort({
      autoUpdater: () => fake.updater,
      isPackaged: true,
      logger,
    });
    expect(port.disabledReason).toBeNull();
    expect(fake.updater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: true,
      allowPrerelease: false,
      allowDowngrade: false,
      fullChangelog: false,
    });
    fake.updater.logger?.info('Checking for update');
    fake.updater.logger?.error(new Error('boom'));
    expect(logger.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          level: 'info',
          message: 'Checking for update',
          scope: 'electron-updater',
        }),
        expect.objectContaining({ level: 'error', message: 'boom' }),
      ]),
    );
  });

  it('the channel maps to allowPrerelease and the update file, never to a downgrade', () => {
    const fake = recordingAutoUpdater();
    const port = createElectronUpdaterPort({
      autoUpdater: () => fake.updater,
      isPackaged: true,
      logger: createRecordingLogger(),
    });
    port.setChannel('beta');
    expect(fake.updater).toMatchObject({
      allowPrerelease: true,
      channel: 'beta',
      allowDowngrade: false,
    });
    port.setChannel('stable');
    expect(fake.updater).toMatchObject({
      allowPrerelease: false,
      channel: 'latest',
      allowDowngrade: false,
    });
  });

  it('forwards calls and maps events to plain data', async () => {
    const fake = recordingAutoUpdater();
    const port = createElectronUpdaterPort({
      autoUpdater: () => fake.updater,
      isPackaged: true,
      logger: createRecordingLogger(),
    });
    await port.checkForUpdates();
    await port.downloadUpdate();
    port.quitAndInstall();
    expect(fake.calls).toEqual([
      'checkForUpdates',
      'downloadUpdate',
      'quitAndInstall(false, true)',
    ]);

    const seen: UpdaterEvent[] = [];
    const off = port.onEvent((event) => seen.push(event));
    fake.fire('checking-for-update');
    fake.fire('update-available', {
      version: '1.3.0',
      releaseNotes: '<p>Hello &amp; <b>welcome</b></p>',
      files: [],
    });
    fake.fire('update-not-available', { version: '1.2.0' });
    fake.fire('download-progress', {
      percent: 42.5,
      bytesPerSecond: 1000,
      total: 10,
      transferred: 4,
    });
    fake.fire('update-downloaded', {
      version: '1.3.0',
      releaseNotes: null,
      downloadedFile: '/tmp/x',
    });
    fake.fire('error', new Error('HttpError: 404'));
    fake.fire('update-available', {});
    expect(seen).toEqual([
      { kind: 'checking' },
      { kind: 'available', version: '1.3.0', notes: 'Hello & welcome' },
      { kind: 'not-available' },
      { kind: 'progress', percent: 42.5, bytesPerSecond: 1000 },
      { kind: 'downloaded', version: '1.3.0', notes: null },
      { kind: 'error', message: 'HttpError: 404' },
      { kind: 'available', version: 'unknown', notes: null },
    ]);
    off();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('releaseNotesToText', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['', null],
    ['plain', 'plain'],
    ['<h2>New</h2><ul><li>One</li><li>Two</li></ul>', 'New\nOne\nTwo'],
    ['<script>alert(1)</script>x', 'alert(1)x'],
    ['a &lt;b&gt; &quot;c&quot; &#39;d&#39;', 'a <b> "c" \'d\''],
    [
      [
        { version: '1.1.0', note: 'Fix' },
        { version: '1.0.0', note: null },
      ],
      '1.1.0\nFix\n\n1.0.0',
    ],
    [42, null],
  ])('%j → %j', (input, expected) => {
    expect(releaseNotesToText(input)).toBe(expected);
  });

  it('bounds the length', () => {
    expect(releaseNotesToText('x'.repeat(50_000))?.length).toBeLessThanOrEqual(20_000);
  });
});
