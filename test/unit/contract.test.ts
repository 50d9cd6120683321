import { expect, test } from 'vitest';
import {
  channelNames,
  channels,
  eventNames,
  isChannel,
  isEventName,
} from '../../electron/shared/contract';

test('the contract has a schema for exactly the listed channels, in the list order', () => {
  expect(Object.keys(channels)).toEqual([...channelNames]);
});

test('every channel is named domain:verb in kebab case', () => {
  for (const name of channelNames) expect(name).toMatch(/^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/);
});

test('every push event is named domain:changed', () => {
  for (const name of eventNames) expect(name).toMatch(/^[a-z]+:changed$/);
});

test('channel lookups do not fall through to the prototype', () => {
  for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    expect(isChannel(key)).toBe(false);
    expect(isEventName(key)).toBe(false);
  }
  expect(isChannel('accounts:list')).toBe(true);
});

test('object arguments are strict: unknown keys are rejected, not dropped', () => {
  expect(
    channels['auth:start'].args.safeParse({ phone: '+1 202 555 0123', isAdmin: true }).success,
  ).toBe(false);
  expect(
    channels['vault:unlock'].args.safeParse({ passcode: 'x', ['__proto__']: {} }).success,
  ).toBe(false);
  expect(
    channels['vault:unlock'].args.safeParse(
      JSON.parse('{"passcode":"x","__proto__":{"polluted":1}}'),
    ).success,
  ).toBe(false);
});

test('phone numbers, codes and names are trimmed and bounded', () => {
  expect(channels['auth:start'].args.parse({ phone: '  +44 7700 900123 ' })).toEqual({
    phone: '+44 7700 900123',
  });
  expect(channels['auth:start'].args.safeParse({ phone: '1'.repeat(40) }).success).toBe(false);
  expect(
    channels['auth:submit-code'].args.safeParse({ attemptId: 'a', code: '1'.repeat(129) }).success,
  ).toBe(false);
  expect(
    channels['auth:check-recovery-code'].args.safeParse({ attemptId: 'a', code: '1'.repeat(17) })
      .success,
  ).toBe(false);
  // Word and phrase codes (sms-word, sms-phrase) are letters; email and recovery codes digits.
  expect(
    channels['auth:submit-code'].args.parse({ attemptId: 'a', code: ' amber river ' }).code,
  ).toBe('amber river');
  expect(
    channels['auth:verify-login-email'].args.safeParse({ attemptId: 'a', code: 'amber' }).success,
  ).toBe(false);
  expect(
    channels['auth:set-login-email'].args.safeParse({ attemptId: 'a', email: 'not an email' })
      .success,
  ).toBe(false);
  expect(
    channels['auth:sign-up'].args.safeParse({
      attemptId: 'a',
      firstName: ' ',
      lastName: '',
      acceptTerms: true,
    }).success,
  ).toBe(false);
});

test('API credentials are validated where they enter', () => {
  const schema = channels['settings:set-api-credentials'].args;
  expect(
    schema.safeParse({ apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' }).success,
  ).toBe(true);
  expect(schema.safeParse({ apiId: 12345, apiHash: 'not-a-hash' }).success).toBe(false);
  expect(schema.safeParse({ apiId: -1, apiHash: '0123456789abcdef0123456789abcdef' }).success).toBe(
    false,
  );
});

test('accounts:filter takes one bounded query and nothing else', () => {
  const schema = channels['accounts:filter'].args;
  expect(schema.parse({ query: '+99966 2 0001' })).toEqual({ query: '+99966 2 0001' });
  expect(schema.parse({ query: '' })).toEqual({ query: '' });
  expect(schema.safeParse({ query: 'x'.repeat(65) }).success).toBe(false);
  expect(schema.safeParse({ query: 9996620001 }).success).toBe(false);
  expect(schema.safeParse({ query: '1', phone: '9996620001' }).success).toBe(false);
  expect(schema.safeParse(undefined).success).toBe(false);
});
