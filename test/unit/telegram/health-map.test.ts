/** Account health (issue 15): the adapter's reading of a user's standing and an app config's freeze. */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { expect, test } from 'vitest';
import { isDeactivation, mapFreeze, mapStanding } from '../../../electron/telegram/health-map';

const config = (entries: Record<string, Api.TypeJSONValue>) =>
  new Api.JsonObject({
    value: Object.entries(entries).map(([key, value]) => new Api.JsonObjectValue({ key, value })),
  });

test('a freeze: seconds become ms, and only an https appeal link is kept', () => {
  const since = new Api.JsonNumber({ value: 1_700_000_000 });
  const until = new Api.JsonNumber({ value: 1_702_592_000 });
  expect(
    mapFreeze(
      config({
        freeze_since_date: since,
        freeze_until_date: until,
        freeze_appeal_url: new Api.JsonString({ value: 'https://t.me/spambot' }),
      }),
    ),
  ).toEqual({
    since: 1_700_000_000_000,
    until: 1_702_592_000_000,
    appealUrl: 'https://t.me/spambot',
  });
  expect(
    mapFreeze(
      config({
        freeze_since_date: since,
        freeze_appeal_url: new Api.JsonString({ value: 'javascript:alert(1)' }),
      }),
    ),
  ).toEqual({ since: 1_700_000_000_000, until: 0, appealUrl: null });
});

test('no freeze without a positive freeze_since_date', () => {
  expect(mapFreeze(config({}))).toBeNull();
  expect(mapFreeze(config({ freeze_since_date: new Api.JsonNumber({ value: 0 }) }))).toBeNull();
  expect(mapFreeze(new Api.JsonNull())).toBeNull();
});

test("a user's standing: restricted with its reasons, premium", () => {
  const user = new Api.User({
    id: returnBigInt(5),
    premium: true,
    restricted: true,
    restrictionReason: [new Api.RestrictionReason({ platform: 'all', reason: 'spam', text: 'T' })],
  });
  expect(mapStanding(user)).toEqual({
    isDeactivated: false,
    isPremium: true,
    isRestricted: true,
    restrictions: [{ platform: 'all', reason: 'spam', text: 'T' }],
  });
  expect(mapStanding(new Api.User({ id: returnBigInt(6) }))).toMatchObject({
    isRestricted: false,
    restrictions: [],
  });
});

test('USER_DEACTIVATED and USER_DEACTIVATED_BAN are deactivations; others are not', () => {
  expect(
    ['USER_DEACTIVATED', 'USER_DEACTIVATED_BAN', 'AUTH_KEY_UNREGISTERED', null].map(isDeactivation),
  ).toEqual([true, true, false, false]);
});
