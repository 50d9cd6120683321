import { apiCredentialRules } from '../../../electron/shared/rules';

export type CredentialsField = 'apiId' | 'apiHash';

export type CredentialsCheck =
  | { ok: true; apiId: number; apiHash: string }
  | {
      ok: false;
      /** The first field with a problem (where focus goes) and its message. */
      field: CredentialsField;
      message: string;
      /** Every field's problem, so the form shows them all at once. */
      problems: Partial<Record<CredentialsField, string>>;
    };

function apiIdProblem(apiIdText: string): string | null {
  if (apiIdText === '') return 'Enter your api_id.';
  if (!/^\d+$/.test(apiIdText)) return 'The api_id has digits only, e.g. 1234567.';
  const apiId = Number(apiIdText);
  if (apiId < apiCredentialRules.apiIdMin || apiId > apiCredentialRules.apiIdMax) {
    return 'That api_id is not one Telegram issues.';
  }
  return null;
}

function apiHashProblem(apiHash: string): string | null {
  if (apiHash === '') return 'Enter your api_hash.';
  if (!apiCredentialRules.apiHashPattern.test(apiHash)) {
    return `The api_hash is 32 characters of 0–9 and a–f (you entered ${apiHash.length}).`;
  }
  return null;
}

/** Checks api_id (digits) and api_hash (32 hexadecimal characters) as typed, both at once. */
export function checkApiCredentials(apiIdInput: string, apiHashInput: string): CredentialsCheck {
  const apiIdText = apiIdInput.trim();
  const apiHash = apiHashInput.trim();
  const problems: Partial<Record<CredentialsField, string>> = {};
  const idProblem = apiIdProblem(apiIdText);
  if (idProblem !== null) problems.apiId = idProblem;
  const hashProblem = apiHashProblem(apiHash);
  if (hashProblem !== null) problems.apiHash = hashProblem;
  if (idProblem !== null) return { ok: false, field: 'apiId', message: idProblem, problems };
  if (hashProblem !== null) return { ok: false, field: 'apiHash', message: hashProblem, problems };
  return { ok: true, apiId: Number(apiIdText), apiHash: apiHash.toLowerCase() };
}
