import { apiCredentialRules } from '../../../electron/shared/rules';

export type CredentialsCheck =
  | { ok: true; apiId: number; apiHash: string }
  | { ok: false; field: 'apiId' | 'apiHash'; message: string };

/** Checks api_id (digits) and api_hash (32 hexadecimal characters) as typed. */
export function checkApiCredentials(apiIdInput: string, apiHashInput: string): CredentialsCheck {
  const apiIdText = apiIdInput.trim();
  const apiHash = apiHashInput.trim();
  if (apiIdText === '') return { ok: false, field: 'apiId', message: 'Enter your api_id.' };
  if (!/^\d+$/.test(apiIdText)) {
    return { ok: false, field: 'apiId', message: 'The api_id has digits only, e.g. 1234567.' };
  }
  const apiId = Number(apiIdText);
  if (apiId < apiCredentialRules.apiIdMin || apiId > apiCredentialRules.apiIdMax) {
    return { ok: false, field: 'apiId', message: 'That api_id is not one Telegram issues.' };
  }
  if (apiHash === '') return { ok: false, field: 'apiHash', message: 'Enter your api_hash.' };
  if (!apiCredentialRules.apiHashPattern.test(apiHash)) {
    return {
      ok: false,
      field: 'apiHash',
      message: `The api_hash is 32 characters of 0–9 and a–f (you entered ${apiHash.length}).`,
    };
  }
  return { ok: true, apiId, apiHash: apiHash.toLowerCase() };
}
