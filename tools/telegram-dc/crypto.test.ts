import { AuthKey } from 'telegram/crypto/AuthKey';
import { IGE } from 'telegram/crypto/IGE';
import { _serverKeys } from 'telegram/crypto/RSA';
import { getByteArray, readBigIntFromBuffer } from 'telegram/Helpers';
import { describe, expect, test } from 'vitest';
import { serverProfileSchema } from '../../electron/shared/server-profile';
import {
  bigIntToBytes,
  bytesToBigInt,
  generatePq,
  igeDecrypt,
  igeEncrypt,
  isProbablePrime,
  random,
} from './crypto';
import { authKeyFromSecret } from './handshake';
import { MsgIdGenerator } from './msg-id';
import { rsaFingerprint } from './rsa';
import { demoScenario, startTestDc } from './index';
import { deriveCode, emailPattern } from './store';
import { TransportCodec } from './transport';

/** Unit checks of the DC's building blocks against GramJS's own implementations. */

describe('crypto', () => {
  test('AES-IGE matches GramJS byte for byte, both directions', () => {
    for (let i = 0; i < 20; i++) {
      const key = random(32);
      const iv = random(32);
      const data = random(16 * (1 + i));
      const ours = igeEncrypt(data, key, iv);
      expect(ours.equals(new IGE(key, iv).encryptIge(data))).toBe(true);
      expect(igeDecrypt(ours, key, iv).equals(data)).toBe(true);
    }
  });

  test('RSA fingerprints match the ones GramJS ships for Telegram keys', () => {
    const known = ['-3414540481677951611', '-5595554452916591101'];
    for (const fingerprint of known) {
      const key = _serverKeys.get(fingerprint);
      expect(key).toBeDefined();
      if (key) expect(rsaFingerprint(key.n.toString(16), key.e).toString()).toBe(fingerprint);
    }
  });

  test('pq is always exactly 8 bytes and the product of two primes, in both modes', () => {
    for (const small of [true, false]) {
      for (let i = 0; i < 20; i++) {
        const { p, q, pq } = generatePq(small);
        expect(p * q).toBe(pq);
        expect(p < q).toBe(true);
        expect(isProbablePrime(p) && isProbablePrime(q)).toBe(true);
        expect(bigIntToBytes(pq).length).toBe(8);
        if (!small) expect(p >= 1n << 30n && q < 1n << 31n).toBe(true);
      }
    }
  });

  test("a 255-byte auth key (g^ab with a leading zero) gets the same key id as GramJS's AuthKey", async () => {
    const secret = Buffer.concat([Buffer.from([0]), random(255)]);
    secret[1] = secret[1] === 0 ? 1 : (secret[1] ?? 1);
    const ours = authKeyFromSecret(secret);
    expect(ours.key.length).toBe(255);
    const theirs = new AuthKey();
    await theirs.setKey(getByteArray(readBigIntFromBuffer(secret, false, false)));
    expect(theirs.getKey()?.equals(ours.key)).toBe(true);
    expect(BigInt.asUintN(64, ours.keyId).toString()).toBe(theirs.keyId?.toString());
    expect(bytesToBigInt(ours.key)).toBe(bytesToBigInt(secret));
  });

  test('server msg_ids are increasing, time-based and have the right residue mod 4', () => {
    const gen = new MsgIdGenerator();
    let last = 0n;
    for (let i = 0; i < 1000; i++) {
      const isResponse = i % 3 === 0;
      const id = gen.next(isResponse);
      expect(id > last).toBe(true);
      expect(id % 4n).toBe(isResponse ? 1n : 3n);
      expect(Math.abs(Number(id >> 32n) - Date.now() / 1000)).toBeLessThan(2);
      last = id;
    }
  });
});

describe('transport detection and framing', () => {
  const payload = random(64);
  const frames: [string, Buffer, string][] = [
    ['abridged', Buffer.concat([Buffer.from([0xef, 16]), payload]), 'abridged'],
    [
      'intermediate',
      Buffer.concat([Buffer.from('eeeeeeee', 'hex'), Buffer.from([64, 0, 0, 0]), payload]),
      'intermediate',
    ],
  ];
  for (const [name, bytes, kind] of frames) {
    test(`${name}: detected and parsed even when split into single bytes`, () => {
      const codec = new TransportCodec();
      const got: Buffer[] = [];
      for (const b of bytes) got.push(...codec.push(Buffer.from([b])));
      expect(codec.transport?.kind).toBe(kind);
      expect(got).toHaveLength(1);
      expect(got[0]?.equals(payload)).toBe(true);
      expect(codec.encode(payload).subarray(-64).equals(payload)).toBe(true);
    });
  }

  test('garbage is refused', () => {
    const codec = new TransportCodec();
    expect(() => codec.push(Buffer.alloc(64, 0x41))).toThrow();
  });
});

describe('scenario helpers', () => {
  test('codes are deterministic per phone and attempt, with the requested length', () => {
    expect(deriveCode('+9996620001', 1, 5)).toBe(deriveCode('9996620001', 1, 5));
    expect(deriveCode('+9996620001', 1, 5)).not.toBe(deriveCode('+9996620001', 2, 5));
    expect(deriveCode('+9996620001', 3, 6)).toMatch(/^\d{6}$/);
  });

  test('e-mail patterns mask like Telegram', () => {
    expect(emailPattern('bob@example.com')).toBe('b***@example.com');
  });

  test('the demo scenario has the phones other parts of Gramdeck rely on', () => {
    const byPhone = new Map(demoScenario.accounts.map((a) => [a.phone, a]));
    expect(byPhone.get('+9996620001')).toMatchObject({
      dcId: 2,
      firstName: 'Alice',
      lastName: 'Demo',
      code: { types: ['app', 'sms', 'call'], length: 5, timeoutSeconds: 5 },
    });
    expect(byPhone.get('+9996610002')?.twoFactor).toMatchObject({
      password: 'bob-password',
      hint: 'pet + year',
      recoveryEmail: 'bob@example.com',
    });
    expect(byPhone.get('+9996630003')?.twoFactor?.recoveryEmail).toBeUndefined();
    expect(byPhone.get('+9996620004')).toMatchObject({ isPremium: true, code: { types: ['app'] } });
    expect(byPhone.get('+9996630042')?.twoFactor).toEqual({
      password: 'hugo-password',
      hint: 'first bike',
      resetWaitSeconds: 0,
    });
    expect(demoScenario.floodRules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ phone: '+9996620009', error: 'FLOOD_WAIT_30' }),
        expect.objectContaining({ phone: '+9996620008', error: 'PHONE_NUMBER_FLOOD' }),
      ]),
    );
    for (const a of demoScenario.accounts)
      expect(a.phone).toMatch(new RegExp(`^\\+99966${a.dcId}\\d{4}$`));
  });

  test('the sandbox profile validates against the shared schema and its ports fit Int16', async () => {
    const dc = await startTestDc({ scenario: { name: 'empty', accounts: [] } });
    try {
      const profile = dc.profile();
      expect(serverProfileSchema.safeParse(profile).success).toBe(true);
      expect(profile).toMatchObject({
        kind: 'custom',
        label: 'Gramdeck sandbox',
        isSandbox: true,
        defaultDcId: 2,
      });
      expect(profile.rsaKeys[0]?.fingerprint).toBe(rsaFingerprint(dc.rsa.n, dc.rsa.e).toString());
      for (const d of profile.dcs) expect(d.port).toBeLessThanOrEqual(32767);
    } finally {
      await dc.stop();
    }
  });
});
