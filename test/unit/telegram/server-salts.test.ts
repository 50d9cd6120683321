/**
 * The choice of a kept server salt, when to ask for more, and Telegram's windows moved to the
 * local clock (server-salts.ts). What Telegram does with them is tested against the DC
 * (test/integration/server-salts.test.ts).
 */
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers';
import { expect, test } from 'vitest';
import type { ServerSalt } from '../../../electron/core/ports';
import {
  SALTS_TOP_UP_BELOW_S,
  needsTopUp,
  saltValidAt,
  toServerSalts,
} from '../../../electron/telegram/server-salts';

const hour = 3_600;
const salt = (name: string, validSince: number, validUntil: number): ServerSalt => ({
  salt: name,
  validSince,
  validUntil,
});

test('the salt valid now is chosen, not one at the edge of its window', () => {
  const now = 100_000;
  const past = salt('1', now - 2 * hour, now - hour);
  const current = salt('2', now - hour, now + 30);
  const next = salt('3', now + 30 - hour, now + 2 * hour);
  const future = salt('4', now + hour, now + 3 * hour);
  // Of two valid windows (they overlap), the one that lasts longer.
  expect(saltValidAt([past, current, next, future], now)).toBe(next);
  expect(saltValidAt([salt('5', now - hour, now + hour), next], now)).toBe(next);
  expect(saltValidAt([past, current, future], now)).toBe(current);
  // Within ten seconds of either edge a window is not used: the clocks may differ a little.
  expect(saltValidAt([salt('6', now - 5, now + hour)], now)).toBeNull();
  expect(saltValidAt([salt('7', now - hour, now + 5)], now)).toBeNull();
  expect(saltValidAt([salt('8', now - 15, now + 15)], now)?.salt).toBe('8');
  expect(saltValidAt([past, future], now)).toBeNull();
  expect(saltValidAt([], now)).toBeNull();
});

test('salts are asked for once those kept run out within a day', () => {
  const now = 100_000;
  expect(needsTopUp([], now)).toBe(true);
  expect(needsTopUp([salt('1', now - hour, now + SALTS_TOP_UP_BELOW_S - 1)], now)).toBe(true);
  expect(needsTopUp([salt('1', now - hour, now + SALTS_TOP_UP_BELOW_S)], now)).toBe(false);
  // The last window counts, whatever the order.
  const later = salt('2', now, now + 2 * SALTS_TOP_UP_BELOW_S);
  expect(needsTopUp([later, salt('1', now - hour, now + hour)], now)).toBe(false);
});

test("Telegram's windows are moved to the local clock, and the salts kept exactly", () => {
  const answer = new Api.FutureSalts({
    reqMsgId: returnBigInt(1),
    now: 5_000,
    salts: [
      new Api.FutureSalt({ validSince: 4_000, validUntil: 7_600, salt: returnBigInt('-1') }),
      new Api.FutureSalt({
        validSince: 7_600,
        validUntil: 11_200,
        salt: returnBigInt('-9223372036854775808'),
      }),
      new Api.FutureSalt({
        validSince: 11_200,
        validUntil: 14_800,
        salt: returnBigInt('9223372036854775807'),
      }),
    ],
  });
  // The server's clock is 1,000 s behind this one (whole seconds, whatever the fraction).
  expect(toServerSalts(answer, 6_000.4)).toEqual(toServerSalts(answer, 6_000));
  expect(toServerSalts(answer, 6_000)).toEqual([
    { salt: '-1', validSince: 5_000, validUntil: 8_600 },
    { salt: '-9223372036854775808', validSince: 8_600, validUntil: 12_200 },
    { salt: '9223372036854775807', validSince: 12_200, validUntil: 15_800 },
  ]);
});
