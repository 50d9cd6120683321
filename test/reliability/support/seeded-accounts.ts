/**
 * Many signed-in accounts without a login each. A login costs a GramJS handshake (about a second
 * of CPU on these machines); `control.seedAuthorizedSession` of the test DC leaves what a finished
 * login leaves on both sides instead: an auth key bound to the account on the DC, and a
 * StringSession with the same key for the client. This file names the accounts and turns such a
 * session into the vault record a Gramdeck restore reads.
 */
import type { AccountRecord } from '../../../electron/core/ports';
import type { Scenario, ScenarioAccount, ScenarioDialog, TestDc } from '../../../tools/telegram-dc';

/** The phone of seeded account `index`: +99966 2 NNNN, on DC 2. */
export function seededPhone(index: number): string {
  return `+999662${String(index).padStart(4, '0')}`;
}

/** Seeded account `index` ("Seed NNNN", phone {@link seededPhone}) homed on `dcId`. */
export function seededAccount(index: number, dcId = 2): ScenarioAccount {
  if (index < 0 || index >= 10_000) throw new Error('at most 10,000 seeded accounts (+999662NNNN)');
  return {
    phone: seededPhone(index),
    dcId,
    firstName: 'Seed',
    lastName: String(index).padStart(4, '0'),
  };
}

/** A scenario with `count` accounts "Seed NNNN" on DC 2, then `extra` ones (e.g. to log in for real). */
export function seededScenario(
  count: number,
  extra: ScenarioAccount[] = [],
  floodRules: Scenario['floodRules'] = [],
): Scenario {
  if (count > 10_000) throw new Error('at most 10,000 seeded accounts (+999662NNNN)');
  return {
    name: 'seeded',
    accounts: [...Array.from({ length: count }, (_, i) => seededAccount(i)), ...extra],
    floodRules,
  };
}

// Chats and messages (issue 16)
/**
 * `count` seeded accounts, each with `chats` private chats (partners "Friend 1".. shared by all
 * accounts, so building stays cheap), of which the newest `unreadChats` hold `unreadPerChat`
 * unread messages each; the others end with a message the account sent. 1,000 × 20 builds in
 * about a second.
 */
export function seededChatsScenario(
  count: number,
  chats: number,
  unreadChats: number,
  unreadPerChat = 1,
): Scenario {
  const base = seededScenario(count);
  const dialogs: ScenarioDialog[] = Array.from({ length: chats }, (_, i) => {
    const isUnread = i >= chats - unreadChats;
    return {
      peer: { kind: 'user', firstName: 'Friend', lastName: String(i + 1) },
      lastMessage: isUnread ? `News from friend ${i + 1}` : `Thanks, friend ${i + 1}`,
      ...(isUnread ? { unreadCount: unreadPerChat } : { isOutgoing: true }),
    };
  });
  return { ...base, accounts: base.accounts.map((a) => ({ ...a, dialogs })) };
}

/**
 * Signs `phone` in at the DC and returns the vault record that restores it; `withServerSalts`
 * adds the server salts a Gramdeck that used the session within the last day would have kept.
 */
export async function seedVaultRecord(
  dc: TestDc,
  phone: string,
  options: { withServerSalts?: boolean } = {},
): Promise<AccountRecord> {
  const seeded = await dc.control.seedAuthorizedSession(phone, {
    withFutureSalts: options.withServerSalts ?? false,
  });
  const { user } = seeded;
  const profile = dc.profile();
  return {
    session: seeded.session,
    ...(seeded.serverSalts ? { serverSalts: seeded.serverSalts } : {}),
    phone: user.phone,
    userId: user.id.toString(),
    homeDcId: seeded.dcId,
    serverProfile: profile,
    apiId: profile.apiId ?? 1,
    apiHash: profile.apiHash ?? '',
    proxy: null,
    displayName: [user.firstName, user.lastName ?? ''].join(' ').trim(),
    username: user.username ?? null,
    isPremium: user.isPremium,
    avatar: null,
  };
}
