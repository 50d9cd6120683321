import { describe, expect, it } from 'vitest';
import { checkProxy, emptyProxyDraft } from '../settings/proxy';
import { checkApiCredentials } from './api-credentials';

describe('checkApiCredentials', () => {
  const hash = '0123456789abcdef0123456789ABCDEF';

  it('accepts digits and 32 hex characters', () => {
    expect(checkApiCredentials(' 123456 ', hash)).toEqual({
      ok: true,
      apiId: 123456,
      apiHash: hash.toLowerCase(),
    });
  });

  it.each([
    ['', hash, 'apiId'],
    ['12a', hash, 'apiId'],
    ['0', hash, 'apiId'],
    ['99999999999', hash, 'apiId'],
    ['123', '', 'apiHash'],
    ['123', 'xyz', 'apiHash'],
    ['123', `${hash}0`, 'apiHash'],
  ])('rejects api_id %j / api_hash %j on %s', (apiId, apiHash, field) => {
    expect(checkApiCredentials(apiId, apiHash)).toMatchObject({ ok: false, field });
  });
});

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
