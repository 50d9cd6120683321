/**
 * The account view: what the sidebar and the account page show of each account
 * (`AccountSummary`, `AccountsState`). It reads only the non-secret part of a record, so a
 * summary never carries a session, an API hash or a proxy password.
 */
import type {
  AccountStatus,
  AccountSummary,
  AccountsState,
  ProxyConfig,
  ProxyView,
  RestoreProgress,
} from '../../shared/dto';
import { formatPhone } from '../login/phone';
import type { TelegramUser } from '../ports';
import type { RecordInfo } from './account';
import { colorIndexOf, initialsOf } from '../../shared/avatar-art';
import type { AccountsFirst } from '../../shared/accounts-first';

export interface ViewedAccount {
  readonly id: string;
  readonly record: RecordInfo;
  readonly status: AccountStatus;
  readonly unreadCount: number;
  /** From the account's health (issue 15). */
  readonly needsAttention: boolean;
}

export function accountSummary(account: ViewedAccount, isPhoneMasked: boolean): AccountSummary {
  const r = account.record;
  const profile = r.serverProfile;
  return {
    id: account.id,
    displayName: r.displayName,
    username: r.username,
    phone: formatPhone(r.phone, isPhoneMasked),
    avatar: r.avatar,
    initials: initialsOf(r.displayName),
    colorIndex: colorIndexOf(r.userId),
    homeDcId: r.homeDcId,
    status: account.status,
    unreadCount: account.unreadCount,
    isPremium: r.isPremium,
    isSandbox: profile.kind === 'custom' && profile.isSandbox,
    proxy: proxyView(r.proxy),
    needsAttention: account.needsAttention,
  };
}

/** The accounts in the user's order; ones the order does not name yet come last. */
export function inOrder<T extends { readonly id: string }>(
  order: readonly string[],
  byId: ReadonlyMap<string, T>,
): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const id of order) {
    const item = byId.get(id);
    if (item && !seen.has(id)) {
      out.push(item);
      seen.add(id);
    }
  }
  for (const item of byId.values()) if (!seen.has(item.id)) out.push(item);
  return out;
}

/**
 * The first `limit` rows of what {@link accountsState} makes of `ordered`, with the total and
 * the active account's row when it lies further down (issue 17). Only those rows are built.
 */
export function accountsFirst<T extends { readonly id: string }>(
  ordered: readonly T[],
  view: (item: T) => ViewedAccount,
  limit: number,
  activeId: string | null,
  restore: RestoreProgress | null,
  isPhoneMasked: boolean,
): AccountsFirst {
  const summary = (item: T) => accountSummary(view(item), isPhoneMasked);
  const activeIndex = activeId === null ? -1 : ordered.findIndex((a) => a.id === activeId);
  const activeBeyond = activeIndex >= limit ? ordered[activeIndex] : undefined;
  return {
    accounts: ordered.slice(0, limit).map(summary),
    activeAccountId: activeIndex >= 0 ? activeId : (ordered[0]?.id ?? null),
    restore: restore ? { ...restore } : null,
    total: ordered.length,
    activeAccount: activeBeyond ? summary(activeBeyond) : null,
  };
}

/** The whole list; the active account falls back to the first one. */
export function accountsState(
  ordered: readonly ViewedAccount[],
  activeId: string | null,
  restore: RestoreProgress | null,
  isPhoneMasked: boolean,
): AccountsState {
  const accounts = ordered.map((a) => accountSummary(a, isPhoneMasked));
  const active =
    activeId !== null && accounts.some((a) => a.id === activeId)
      ? activeId
      : (accounts[0]?.id ?? null);
  return { accounts, activeAccountId: active, restore: restore ? { ...restore } : null };
}

export function displayNameOf(user: TelegramUser): string {
  const name = [user.firstName, user.lastName ?? ''].join(' ').trim();
  return name || (user.username ? `@${user.username}` : 'Telegram account');
}

/** What the renderer may see of a proxy: never its password or secret. */
export function proxyView(proxy: ProxyConfig | null): ProxyView | null {
  if (!proxy) return null;
  if (proxy.type === 'mtproxy') {
    return { type: 'mtproxy', host: proxy.host, port: proxy.port, hasCredentials: true };
  }
  const view: ProxyView = {
    type: 'socks5',
    host: proxy.host,
    port: proxy.port,
    hasCredentials: Boolean(proxy.username ?? proxy.password),
  };
  if (proxy.username !== undefined) view.username = proxy.username;
  return view;
}
