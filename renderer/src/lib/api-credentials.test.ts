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

  it('reports every field’s problem at once, the first one first', () => {
    expect(checkApiCredentials('12a', 'xyz')).toEqual({
      ok: false,
      field: 'apiId',
      message: 'The api_id has digits only, e.g. 1234567.',
      problems: {
        apiId: 'The api_id has digits only, e.g. 1234567.',
        apiHash: 'The api_hash is 32 characters of 0–9 and a–f (you entered 3).',
      },
    });
    expect(checkApiCredentials('123', '')).toMatchObject({
      field: 'apiHash',
      problems: { apiHash: 'Enter your api_hash.' },
    });
  });
});
