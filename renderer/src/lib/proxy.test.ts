import { describe, expect, it } from 'vitest';
import { checkProxy, emptyProxyDraft } from './proxy';

describe('checkProxy', () => {
  it('turns "no proxy" into null', () => {
    expect(checkProxy(emptyProxyDraft)).toEqual({ ok: true, proxy: null });
  });

  it('builds a SOCKS5 proxy with optional credentials', () => {
    expect(
      checkProxy({ ...emptyProxyDraft, type: 'socks5', host: '127.0.0.1', port: '1080' }),
    ).toEqual({ ok: true, proxy: { type: 'socks5', host: '127.0.0.1', port: 1080 } });
    expect(
      checkProxy({ ...emptyProxyDraft, type: 'socks5', host: 'p', port: '1', password: 'x' }),
    ).toMatchObject({ ok: false, field: 'username' });
  });

  it('validates host, port and MTProxy secret', () => {
    const base = {
      ...emptyProxyDraft,
      type: 'mtproxy' as const,
      host: 'proxy.example',
      port: '443',
    };
    expect(checkProxy({ ...base, host: 'bad host' })).toMatchObject({ field: 'host' });
    expect(checkProxy({ ...base, port: '70000' })).toMatchObject({ field: 'port' });
    expect(checkProxy({ ...base, secret: 'nothex' })).toMatchObject({ field: 'secret' });
    expect(checkProxy({ ...base, secret: `dd${'a'.repeat(32)}` })).toMatchObject({ ok: true });
  });
});
