/** Account health (issue 15): GramJS objects → the plain standing and freeze of an account. */
import { Api } from 'telegram';
import type { AccountStanding } from '../core/ports';
import type { AccountFreeze } from '../shared/health-dto';

/** The RPC errors of a session whose account Telegram deleted or banned. */
export function isDeactivation(rpcName: string | null): boolean {
  return rpcName === 'USER_DEACTIVATED' || rpcName === 'USER_DEACTIVATED_BAN';
}

export const deactivatedStanding: AccountStanding = {
  isDeactivated: true,
  isPremium: false,
  isRestricted: false,
  restrictions: [],
};

export function mapStanding(user: Api.TypeUser): AccountStanding {
  if (!(user instanceof Api.User)) return { ...deactivatedStanding, isDeactivated: false };
  const restrictions = (user.restrictionReason ?? []).map((r) => ({
    platform: r.platform,
    reason: r.reason,
    text: r.text,
  }));
  return {
    isDeactivated: false,
    isPremium: user.premium === true,
    isRestricted: user.restricted === true || restrictions.length > 0,
    restrictions,
  };
}

/** `freeze_since_date`, `freeze_until_date` (unix seconds) and `freeze_appeal_url` (https only). */
export function mapFreeze(config: Api.TypeJSONValue): AccountFreeze | null {
  if (!(config instanceof Api.JsonObject)) return null;
  const values = new Map(config.value.map((v) => [v.key, v.value]));
  const since = values.get('freeze_since_date');
  const until = values.get('freeze_until_date');
  if (!(since instanceof Api.JsonNumber) || since.value <= 0) return null;
  const url = values.get('freeze_appeal_url');
  return {
    since: since.value * 1000,
    until: until instanceof Api.JsonNumber ? until.value * 1000 : 0,
    appealUrl: url instanceof Api.JsonString && isHttpsUrl(url.value) ? url.value : null,
  };
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}
