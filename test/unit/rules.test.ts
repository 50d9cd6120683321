import { expect, test } from 'vitest';
import { apiCredentialsSchema, channels, proxySchema } from '../../electron/shared/contract';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from '../../renderer/src/lib/proxy';
import { checkNewPasscode } from '../../renderer/src/features/passcode/check-new-passcode';
import { checkApiCredentials } from '../../renderer/src/lib/api-credentials';

// The renderer checks input as it is typed, main checks it again at the contract: both read
// electron/shared/rules.ts, so a value the form lets through is one main accepts, and the other way.

test('the new-passcode form and main agree on the passcode length', () => {
  const setPasscode = channels['vault:set-passcode'].args;
  for (const passcode of ['', 'a', 'abc', 'abcd', 'abcde', 'x'.repeat(256)]) {
    const isFormOk = checkNewPasscode(passcode, passcode) === null;
    expect(setPasscode.safeParse({ passcode }).success, JSON.stringify(passcode)).toBe(isFormOk);
  }
});

test('the API credentials form and main agree on api_id and api_hash', () => {
  const hash = '0123456789abcdef0123456789abcdef';
  const cases: [string, string][] = [
    ['1', hash],
    ['0', hash],
    [String(2 ** 31 - 1), hash],
    [String(2 ** 31), hash],
    ['123', hash.toUpperCase()],
    ['123', hash.slice(1)],
    ['123', `${hash.slice(1)}g`],
  ];
  for (const [apiId, apiHash] of cases) {
    const form = checkApiCredentials(apiId, apiHash);
    const main = apiCredentialsSchema.safeParse({ apiId: Number(apiId), apiHash });
    expect(main.success, `${apiId} ${apiHash}`).toBe(form.ok);
  }
});

test('the proxy form and main agree on host, port and MTProxy secret', () => {
  const base: ProxyDraft = {
    ...emptyProxyDraft,
    type: 'mtproxy',
    host: 'proxy.example',
    port: '443',
    secret: 'ab'.repeat(16),
  };
  const drafts: ProxyDraft[] = [
    base,
    { ...base, host: 'bad host' },
    { ...base, host: '[::1]' },
    { ...base, host: 'h'.repeat(255) },
    { ...base, host: 'h'.repeat(256) },
    { ...base, port: '0' },
    { ...base, port: '65535' },
    { ...base, port: '65536' },
    { ...base, secret: `ee${'a'.repeat(32)}` },
    { ...base, secret: 'a'.repeat(31) },
    { ...base, secret: 'a'.repeat(600) },
    { ...base, secret: 'a'.repeat(601) },
    { ...base, type: 'socks5', secret: '' },
  ];
  for (const draft of drafts) {
    const form = checkProxy(draft);
    const main = proxySchema.safeParse(
      draft.type === 'socks5'
        ? { type: 'socks5', host: draft.host, port: Number(draft.port) }
        : { type: 'mtproxy', host: draft.host, port: Number(draft.port), secret: draft.secret },
    );
    expect(main.success, JSON.stringify(draft)).toBe(form.ok);
  }
});
