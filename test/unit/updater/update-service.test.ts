import { describe, expect, it, vi } from 'vitest';
import type { Timers, UpdaterEvent, UpdaterPort } from '../../../electron/core/ports';
import {
  createUpdateHandlers,
  createUpdateService,
  sanitizeUpdateMessage,
} from '../../../electron/core/updater';
import type { UpdateState } from '../../../electron/shared/dto';
import { AppFailure } from '../../../electron/shared/errors';
import { createRecordingLogger } from '../../support/logger';
import { createTestSettings } from '../../support/settings';

/** A scripted updater: each check/download runs the events the test queued. */
function fakePort(disabledReason: string | null = null) {
  const listeners = new Set<(event: UpdaterEvent) => void>();
  const emit = (event: UpdaterEvent) => {
    for (const listener of listeners) listener(event);
  };
  let onCheck: () => Promise<void> = () => {
    emit({ kind: 'checking' });
    emit({ kind: 'not-available' });
    return Promise.resolve();
  };
  let onDownload: () => Promise<void> = () => Promise.resolve();
  const port = {
    disabledReason,
    setChannel: vi.fn(),
    checkForUpdates: vi.fn(() => onCheck()),
    downloadUpdate: vi.fn(() => onDownload()),
    quitAndInstall: vi.fn(),
    onEvent(listener: (event: UpdaterEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } satisfies UpdaterPort;
  return {
    port,
    emit,
    listenerCount: () => listeners.size,
    whenChecked(fn: () => Promise<void>) {
      onCheck = fn;
    },
    whenDownloading(fn: () => Promise<void>) {
      onDownload = fn;
    },
  };
}

function manualTimers() {
  const tasks: { ms: number; task: () => void; isStopped: boolean }[] = [];
  const timers: Timers = {
    schedule(task, ms) {
      const entry = { ms, task, isStopped: false };
      tasks.push(entry);
      return () => {
        entry.isStopped = true;
      };
    },
  };
  return {
    timers,
    tasks,
    /** Fires every pending timer once; what was fired leaves the list. */
    tick: () => {
      tasks
        .splice(0)
        .filter((t) => !t.isStopped)
        .forEach((t) => {
          t.task();
        });
    },
  };
}

function setup(options: { port?: UpdaterPort | null; interval?: number } = {}) {
  const fake = fakePort();
  const port = options.port === undefined ? fake.port : options.port;
  const pushed: UpdateState[] = [];
  const settings = createTestSettings();
  const logger = createRecordingLogger();
  const clock = { now: () => 1_000 };
  const timers = manualTimers();
  const service = createUpdateService({
    port,
    settings,
    logger,
    clock,
    timers: timers.timers,
    checkIntervalMs: options.interval,
  });
  service.onChange((state) => pushed.push(state));
  return { fake, service, pushed, settings, logger, timers };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('update service', () => {
  it('without a port it is disabled and never checks', async () => {
    const { service, timers } = setup({ port: null });
    expect(service.getState()).toEqual({ kind: 'disabled', reason: expect.any(String) });
    service.start();
    expect(timers.tasks).toHaveLength(0);
    await expect(service.check()).resolves.toMatchObject({ kind: 'disabled' });
    await expect(service.download()).rejects.toThrow(AppFailure);
    expect(() => {
      service.install();
    }).toThrow(AppFailure);
  });

  it("a port's disabledReason (development builds) disables it", async () => {
    const fake = fakePort('Updates are off in development builds.');
    const { service } = setup({ port: fake.port });
    service.start();
    await flush();
    expect(service.getState()).toEqual({
      kind: 'disabled',
      reason: 'Updates are off in development builds.',
    });
    expect(fake.port.checkForUpdates).not.toHaveBeenCalled();
    expect(fake.port.setChannel).not.toHaveBeenCalled();
  });

  it('checks at start and on every interval, with the channel from settings', async () => {
    const { service, fake, timers, pushed } = setup({ interval: 1234 });
    service.start();
    await flush();
    expect(fake.port.setChannel).toHaveBeenCalledWith('stable');
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(timers.tasks.map((t) => t.ms)).toEqual([1234]);
    expect(pushed.map((s) => s.kind)).toEqual(['checking', 'not-available']);
    expect(service.getState()).toEqual({ kind: 'not-available', checkedAt: 1_000 });

    timers.tick();
    await flush();
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(2);
    expect(timers.tasks.map((t) => t.ms)).toEqual([1234]);
    timers.tick();
    await flush();
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(3);
    service.stop();
    expect(timers.tasks.every((t) => t.isStopped)).toBe(true);
    expect(fake.listenerCount()).toBe(0);
  });

  it('the default interval is a few hours', () => {
    const { service, timers } = setup();
    service.start();
    const ms = timers.tasks[0]?.ms ?? 0;
    expect(ms).toBeGreaterThanOrEqual(60 * 60 * 1000);
    expect(ms).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  it('a channel change reconfigures the port and checks again', async () => {
    const { service, fake, settings } = setup();
    service.start();
    await flush();
    settings.update({ theme: 'dark' });
    expect(fake.port.setChannel).toHaveBeenCalledTimes(1);
    settings.update({ updateChannel: 'beta' });
    await flush();
    expect(fake.port.setChannel).toHaveBeenLastCalledWith('beta');
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('walks available → downloading → downloaded → install', async () => {
    const { service, fake, pushed, logger } = setup();
    fake.whenChecked(() => {
      fake.emit({ kind: 'checking' });
      fake.emit({ kind: 'available', version: '1.2.0', notes: 'Faster login' });
      return Promise.resolve();
    });
    fake.whenDownloading(() => {
      fake.emit({ kind: 'progress', percent: 10, bytesPerSecond: 5000 });
      fake.emit({ kind: 'progress', percent: 150, bytesPerSecond: -1 });
      fake.emit({ kind: 'downloaded', version: '1.2.0', notes: 'Faster login' });
      return Promise.resolve();
    });
    service.start();
    await flush();
    expect(service.getState()).toEqual({
      kind: 'available',
      version: '1.2.0',
      notes: 'Faster login',
    });
    expect(fake.port.downloadUpdate).not.toHaveBeenCalled();

    await expect(service.download()).resolves.toEqual({
      kind: 'downloaded',
      version: '1.2.0',
      notes: 'Faster login',
    });
    expect(pushed).toContainEqual({
      kind: 'downloading',
      version: '1.2.0',
      percent: 10,
      bytesPerSecond: 5000,
    });
    expect(pushed).toContainEqual({
      kind: 'downloading',
      version: '1.2.0',
      percent: 100,
      bytesPerSecond: 0,
    });

    // While an update waits, periodic checks do not disturb it.
    await service.check();
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(1);

    service.install();
    expect(fake.port.quitAndInstall).toHaveBeenCalledTimes(1);

    const transitions = logger.records
      .filter((r) => r.message === 'Update state changed')
      .map((r) => r.to);
    expect(transitions).toEqual(['checking', 'available', 'downloading', 'downloaded']);
  });

  it('refuses to download or install out of order', async () => {
    const { service } = setup();
    service.start();
    await flush();
    await expect(service.download()).rejects.toMatchObject({ code: 'UPDATE_ERROR' });
    expect(() => {
      service.install();
    }).toThrow(expect.objectContaining({ code: 'UPDATE_ERROR' }));
  });

  it('a failing check becomes an error state, once, and a later check recovers', async () => {
    const { service, fake, pushed } = setup();
    fake.whenChecked(() => {
      fake.emit({
        kind: 'error',
        message: 'net::ERR_INTERNET_DISCONNECTED\n<html>long body</html>',
      });
      return Promise.reject(new Error('net::ERR_INTERNET_DISCONNECTED\n<html>long body</html>'));
    });
    service.start();
    await flush();
    expect(service.getState()).toEqual({
      kind: 'error',
      message: 'net::ERR_INTERNET_DISCONNECTED',
    });
    expect(pushed.filter((s) => s.kind === 'error')).toHaveLength(1);

    fake.whenChecked(() => {
      fake.emit({ kind: 'not-available' });
      return Promise.resolve();
    });
    await service.check();
    expect(service.getState().kind).toBe('not-available');
  });

  it('a failing download becomes an error state', async () => {
    const { service, fake } = setup();
    fake.whenChecked(() => {
      fake.emit({ kind: 'available', version: '2.0.0', notes: null });
      return Promise.resolve();
    });
    fake.whenDownloading(() => Promise.reject(new Error('sha512 checksum mismatch')));
    service.start();
    await flush();
    await expect(service.download()).resolves.toEqual({
      kind: 'error',
      message: 'sha512 checksum mismatch',
    });
  });

  it('concurrent checks share one request', async () => {
    const { service, fake } = setup();
    let release: () => void = () => {
      throw new Error('the check has not started');
    };
    fake.whenChecked(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            fake.emit({ kind: 'not-available' });
            resolve();
          };
        }),
    );
    const first = service.check();
    const second = service.check();
    expect(service.getState()).toEqual({ kind: 'checking' });
    release();
    await Promise.all([first, second]);
    expect(fake.port.checkForUpdates).toHaveBeenCalledTimes(1);
  });

  it('a silent check ends idle with the time of the check', async () => {
    const { service, fake } = setup();
    fake.whenChecked(() => Promise.resolve());
    await service.check();
    expect(service.getState()).toEqual({ kind: 'idle', lastCheckedAt: 1_000 });
  });
});

describe('sanitizeUpdateMessage', () => {
  it.each([
    ['', 'The update failed.'],
    ['  \nsecond line', 'The update failed.'],
    ['first\nsecond', 'first'],
  ])('%j → %j', (input, expected) => {
    expect(sanitizeUpdateMessage(input)).toBe(expected);
  });

  it('bounds the length', () => {
    expect(sanitizeUpdateMessage('x'.repeat(5000)).length).toBeLessThanOrEqual(300);
  });
});

describe('createUpdateHandlers', () => {
  it('maps the update channels to the service', async () => {
    const { service, fake } = setup();
    fake.whenChecked(() => {
      fake.emit({ kind: 'available', version: '3.0.0', notes: null });
      return Promise.resolve();
    });
    const handlers = createUpdateHandlers(service);
    await expect(handlers['update:status']()).resolves.toEqual({
      kind: 'idle',
      lastCheckedAt: null,
    });
    await expect(handlers['update:check']()).resolves.toMatchObject({
      kind: 'available',
      version: '3.0.0',
    });
    fake.whenDownloading(() => {
      fake.emit({ kind: 'downloaded', version: '3.0.0', notes: null });
      return Promise.resolve();
    });
    await expect(handlers['update:download']()).resolves.toMatchObject({ kind: 'downloaded' });
    await expect(handlers['update:install']()).resolves.toBeNull();
    expect(fake.port.quitAndInstall).toHaveBeenCalled();
  });
});
