import { describe, expect, it } from 'vitest';
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
