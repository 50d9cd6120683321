import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { createGramdeckBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { eventChannel } from '../../../electron/shared/channel-names';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpcRenderer() {
  const listeners = new Map<string, Set<Listener>>();
  const invoke = vi.fn((_channel: string, ..._args: unknown[]) =>
    Promise.resolve({ ok: true, value: 'pong' }),
  );
  const ipc: IpcRendererLike = {
    invoke,
    on(channel, listener) {
      let set = listeners.get(channel);
      if (set === undefined) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return ipc;
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
      return ipc;
    },
  };
  const emit = (channel: string, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? [])
      listener({ sender: 'ELECTRON-EVENT', ports: [] }, ...args);
  };
  const count = (channel: string) => listeners.get(channel)?.size ?? 0;
  return { ipc, invoke, emit, count };
}

describe('the preload allowlist', () => {
  it('the preload sources import no runtime code but the names list (zod would be bundled)', () => {
    const allowed: Record<string, string[]> = {
      'preload/index.ts': ['electron', './bridge'],
      'preload/bridge.ts': ['../shared/channel-names'],
      'shared/channel-names.ts': [],
    };
    for (const [file, imports] of Object.entries(allowed)) {
      const source = readFileSync(new URL(`../../../electron/${file}`, import.meta.url), 'utf8');
      for (const match of source.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)) {
        expect(imports, `${file} imports ${match[1]}`).toContain(match[1]);
      }
    }
  });
});

describe('createGramdeckBridge', () => {
  it('invokes allowlisted channels with exactly one payload', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createGramdeckBridge(fake.ipc);
    await expect(bridge.invoke('app:info')).resolves.toEqual({ ok: true, value: 'pong' });
    expect(fake.invoke).toHaveBeenLastCalledWith('app:info', undefined);
    await bridge.invoke('auth:start', { phone: '+1 555' });
    expect(fake.invoke).toHaveBeenLastCalledWith('auth:start', { phone: '+1 555' });
  });

  it.each([
    'nope',
    'app:info ',
    '__proto__',
    'constructor',
    'toString',
    'gramdeck:event:accounts:changed',
    42,
    null,
  ])('refuses the channel %j without calling IPC', async (channel) => {
    const fake = fakeIpcRenderer();
    const bridge = createGramdeckBridge(fake.ipc);
    // Deliberately untyped: the page may call anything.
    const result = await (bridge.invoke as (c: unknown) => Promise<unknown>)(channel);
    expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    const fake = fakeIpcRenderer();
    const bridge = createGramdeckBridge(fake.ipc);
    const result = await (bridge.invoke as (...a: unknown[]) => Promise<unknown>)('app:info', 1, 2);
    expect(result).toMatchObject({ ok: false });
    expect(fake.invoke).not.toHaveBeenCalled();
  });

  it('on() drops the Electron event, filters by event and unsubscribes once', () => {
    const fake = fakeIpcRenderer();
    const bridge = createGramdeckBridge(fake.ipc);
    const seen: unknown[] = [];
    const off = bridge.on('accounts:changed', (payload) => seen.push(payload));
    expect(fake.count(eventChannel('accounts:changed'))).toBe(1);

    fake.emit(eventChannel('accounts:changed'), { accounts: [] });
    fake.emit(eventChannel('vault:changed'), { isLocked: true });
    expect(seen).toEqual([{ accounts: [] }]);

    off();
    off();
    expect(fake.count(eventChannel('accounts:changed'))).toBe(0);
    fake.emit(eventChannel('accounts:changed'), { accounts: [1] });
    expect(seen).toHaveLength(1);
  });

  it.each(['nope', 'accounts:list', '__proto__'])('on() refuses the event %s', (event) => {
    const bridge = createGramdeckBridge(fakeIpcRenderer().ipc);
    expect(() =>
      (bridge.on as (e: unknown, l: unknown) => unknown)(event, () => undefined),
    ).toThrow(TypeError);
  });

  it('on() refuses a listener that is not a function', () => {
    const bridge = createGramdeckBridge(fakeIpcRenderer().ipc);
    expect(() => (bridge.on as (e: unknown, l: unknown) => unknown)('app:changed', 'x')).toThrow(
      TypeError,
    );
  });

  it('exposes invoke and on only, never ipcRenderer', () => {
    const fake = fakeIpcRenderer();
    const bridge = createGramdeckBridge(fake.ipc);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(bridge)).not.toContain(fake.ipc);
  });
});

describe('the preload entry', () => {
  it('exposes the bridge as window.gramdeck through contextBridge', async () => {
    const exposed: Record<string, unknown> = {};
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: fakeIpcRenderer().ipc,
    }));
    try {
      await import('../../../electron/preload/index');
    } finally {
      vi.doUnmock('electron');
    }
    expect(Object.keys(exposed)).toEqual(['gramdeck']);
    expect(Object.keys(exposed.gramdeck as object).sort()).toEqual(['invoke', 'on']);
  });
});
