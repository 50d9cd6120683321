import { expect, test } from 'vitest';
import { apiCredentialsSchema, channels, proxySchema } from '../../electron/shared/contract';
import { checkProxy, emptyProxyDraft, type ProxyDraft } from '../../renderer/src/lib/proxy';
import { checkNewPasscode } from '../../renderer/src/features/passcode/check-new-passcode';
import { checkApiCredentials } from '../../renderer/src/lib/api-credentials';
import { normalizeCode } from '../../renderer/src/lib/code-input';
import { matchesCodePattern } from '../../electron/shared/rules';

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

test('the code field and main agree: what the field keeps passes auth:submit-code', () => {
  const submit = channels['auth:submit-code'].args;
  const typed = [
    '12 345',
    'Code: 12345',
    '+999 772 12345',
    'amber  river',
    'Ärger-frei',
    "o'clock",
  ];
  for (const kind of ['digits', 'calling-number', 'words'] as const) {
    for (const raw of typed) {
      const kept = normalizeCode(raw, null, kind);
      expect(submit.safeParse({ attemptId: 'a1', code: kept }).success, `${kind} ${raw}`).toBe(
        true,
      );
    }
  }
  // Markup and control characters never pass, whatever the field would do.
  for (const code of ['<b>1</b>', '12345;', 'a\u0000b', 'x'.repeat(129)]) {
    expect(submit.safeParse({ attemptId: 'a1', code }).success, code).toBe(false);
  }
});

test.each([
  ['99977212345', '999772*****', true],
  ['99977212345', '+999 772 *****', true],
  ['99977312345', '999772*****', false],
  ['9997721234', '999772*****', false],
  ['99977212345', '*', true],
  ['12345', '12345', true],
  ['12346', '12345', false],
])(
  'login code pattern (core.telegram.org/api/pattern): %s against %j is %s',
  (digits, pattern, expected) => {
    expect(matchesCodePattern(digits, pattern)).toBe(expected);
  },
);
