/**
 * Accounts through the IPC router against the local MTProto DC: restart and restore, switching,
 * log-out and remove, sessions, the login-code inbox, live unread counts, vault lock and weak
 * storage, revoked sessions, and a DC blackout with recovery.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { Api } from 'telegram';
import { startTestDc, type Scenario, type TestDc } from '../../tools/telegram-dc';
import { loggedIn } from '../../tools/telegram-dc/test-helpers';
import { createGramJsGateway } from '../../electron/telegram';
import type { AccountsState } from '../../electron/shared/dto';
import { createCoreHarness, type CoreHarness } from '../support/core-harness';
import { loginThroughRouter } from '../support/dc-login';
import { createMemoryStore } from '../../electron/core/storage/conf-store';
import { createMemoryVault } from '../support/memory-vault';
import { createRecordingLogger } from '../support/logger';
import { startSocks5Server } from '../support/socks5-server';

const scenario: Scenario = {
  name: 'gramdeck-accounts',
  accounts: [
    {
      phone: '+9996620001',
      dcId: 2,
      firstName: 'Alice',
      lastName: 'Demo',
      photoColor: '#e91e63',
      dialogs: [
        { peer: { kind: 'user', firstName: 'Eve' }, lastMessage: 'Lunch at noon?', unreadCount: 2 },
        { peer: { kind: 'chat', title: 'Testers' }, lastMessage: 'Build is green', unreadCount: 3 },
        { peer: { kind: 'user', firstName: 'Frank' }, lastMessage: 'Bye', isOutgoing: true },
      ],
    },
    { phone: '+9996610002', dcId: 1, firstName: 'Bob', isPremium: true },
    { phone: '+9996630003', dcId: 3, firstName: 'Carol', twoFactor: { password: 'carol-pw' } },
    { phone: '+9996620004', dcId: 2, firstName: 'Dave' },
    { phone: '+9996620005', dcId: 2, firstName: 'Erin' },
    { phone: '+9996620006', dcId: 2, firstName: 'Finn' },
    { phone: '+9996620007', dcId: 2, firstName: 'Gail' },
    { phone: '+9996620008', dcId: 2, firstName: 'Hank' },
  ],
};

let dc: TestDc;
const harnesses: CoreHarness[] = [];
const rawClients: { destroy(): Promise<void> }[] = [];

beforeAll(async () => {
  dc = await startTestDc({ scenario, smallPrimes: true });
});

afterAll(async () => {
  await dc.stop();
});

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
  for (const c of rawClients.splice(0)) await c.destroy().catch(() => undefined);
});

function newHarness(shared: Partial<Parameters<typeof createCoreHarness>[0]> = {}): CoreHarness {
  const profile = dc.profile();
  const h = createCoreHarness({
    gateway: createGramJsGateway({
      logger: createRecordingLogger(),
      connectTimeoutMs: 5_000,
      callTimeoutMs: 5_000,
    }),
    target: { profile, apiId: profile.apiId ?? 1, apiHash: profile.apiHash ?? '' },
    ...shared,
  });
  harnesses.push(h);
  return h;
}

const statusOf = (s: AccountsState, id: string) => s.accounts.find((a) => a.id === id)?.status.kind;

describe('accounts', () => {
  test('restart restores every account from storage, keeps order and the active account', async () => {
    const vault = createMemoryVault();
    const uiState = createMemoryStore();
    const first = newHarness({ vault, uiState });
    await first.start();
    const alice = await loginThroughRouter(first, dc, '+9996620001');
    const bob = await loginThroughRouter(first, dc, '+9996610002');
    const carol = await loginThroughRouter(first, dc, '+9996630003', 'carol-pw');
    await first.ok('accounts:reorder', { accountIds: [carol, alice, bob] });
    const switched = await first.ok('accounts:switch', { accountId: alice });
    expect(switched.activeAccountId).toBe(alice);
    await first.stop();

    const second = newHarness({ vault, uiState, restoreConcurrency: 2 });
    const started = Date.now();
    await second.start();
    const state = await second.waitForEvent('accounts:changed', (s) =>
      [alice, bob, carol].every((id) => statusOf(s, id) === 'online'),
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(state.accounts.map((a) => a.id)).toEqual([carol, alice, bob]);
    expect(state.activeAccountId).toBe(alice);
    expect(state.accounts.find((a) => a.id === bob)).toMatchObject({
      isPremium: true,
      homeDcId: 1,
    });
    // Progress was reported while restoring, and cleared at the end.
    expect(
      second.pushed.some(
        (p) => p.event === 'accounts:changed' && (p.payload as AccountsState).restore?.total === 3,
      ),
    ).toBe(true);
    const final = await second.ok('accounts:list');
    expect(final.restore).toBeNull();
  });

  test('avatar, unread count, chats, and live unread updates', async () => {
    const h = newHarness();
    await h.start();
    const alice = await loginThroughRouter(h, dc, '+9996620001');
    const ready = await h.waitForEvent('accounts:changed', (s) => {
      const a = s.accounts.find((x) => x.id === alice);
      // 2 + 3 from the scenario, plus login-code messages from 777000 of earlier logins.
      return a !== undefined && a.unreadCount >= 5 && a.avatar !== null;
    });
    const unread = ready.accounts.find((x) => x.id === alice)?.unreadCount ?? 0;
    expect(ready.accounts[0]?.avatar).toMatch(/^data:image\/(jpeg|png);base64,/);
    const chats = await h.ok('accounts:list-chats', { accountId: alice });
    expect(chats.map((c) => c.title)).toEqual(expect.arrayContaining(['Eve', 'Testers', 'Frank']));
    expect(chats.find((c) => c.title === 'Testers')).toMatchObject({
      kind: 'group',
      unreadCount: 3,
    });
    expect(chats.find((c) => c.title === 'Eve')?.lastMessage).toBe('Lunch at noon?');

    dc.control.deliverMessage('+9996620001', { fromPeer: 'Zed', text: 'ping' });
    await h.waitForEvent(
      'accounts:changed',
      (s) => s.accounts.find((x) => x.id === alice)?.unreadCount === unread + 1,
    );
  });

  test('phone numbers are masked unless the setting is off', async () => {
    const h = newHarness();
    await h.start();
    const dave = await loginThroughRouter(h, dc, '+9996620004');
    const masked = await h.ok('accounts:list');
    const phone = masked.accounts.find((a) => a.id === dave)?.phone ?? '';
    expect(phone).toContain('•');
    expect(phone).not.toContain('0004'.slice(0, 2) + '0004');
    h.settings.update({ maskPhoneNumbers: false });
    const plain = await h.ok('accounts:list');
    expect(plain.accounts.find((a) => a.id === dave)?.phone).toBe('+99966 2 0004');
  });

  test('log out ends the session on Telegram; remove keeps it', async () => {
    const h = newHarness();
    await h.start();
    const erin = await loginThroughRouter(h, dc, '+9996620005');
    const finn = await loginThroughRouter(h, dc, '+9996620006');
    const erinSession = h.vault.records.get(erin)?.session ?? '';
    const finnSession = h.vault.records.get(finn)?.session ?? '';

    const noConfirm = await h.call('accounts:remove', { accountId: finn } as never);
    expect(noConfirm.ok).toBe(false);

    const afterLogout = await h.ok('accounts:log-out', { accountId: erin });
    expect(afterLogout.accounts.map((a) => a.id)).not.toContain(erin);
    expect(h.vault.records.has(erin)).toBe(false);
    const afterRemove = await h.ok('accounts:remove', { accountId: finn, confirm: true });
    expect(afterRemove.accounts).toHaveLength(0);
    expect(h.vault.records.has(finn)).toBe(false);

    const oldErin = dc.gramjs.newClient(erinSession);
    rawClients.push(oldErin);
    await oldErin.connect();
    await expect(oldErin.invoke(new Api.updates.GetState())).rejects.toMatchObject({
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
    const oldFinn = dc.gramjs.newClient(finnSession);
    rawClients.push(oldFinn);
    await oldFinn.connect();
    const me = await oldFinn.getMe();
    expect(me.firstName).toBe('Finn');
  });

  test('sessions: list, end one, end all others; a revoked session shows logged-out', async () => {
    const h = newHarness();
    await h.start();
    const gail = await loginThroughRouter(h, dc, '+9996620007');
    const other1 = await loggedIn(dc, '+9996620007');
    const other2 = await loggedIn(dc, '+9996620007');
    rawClients.push(other1, other2);
    const sessions = await h.ok('accounts:list-sessions', { accountId: gail });
    expect(sessions.length).toBeGreaterThanOrEqual(3);
    const current = sessions.filter((s) => s.isCurrent);
    expect(current).toHaveLength(1);
    expect(current[0]?.deviceModel).toBe('Gramdeck');
    const own = await h.call('accounts:end-session', {
      accountId: gail,
      sessionId: current[0]?.id ?? '',
    });
    expect(own.ok).toBe(false);
    const otherId = sessions.find((s) => !s.isCurrent)?.id ?? '';
    const fewer = await h.ok('accounts:end-session', { accountId: gail, sessionId: otherId });
    expect(fewer).toHaveLength(sessions.length - 1);
    const onlyMe = await h.ok('accounts:end-other-sessions', { accountId: gail });
    expect(onlyMe).toHaveLength(1);
    expect(onlyMe[0]?.isCurrent).toBe(true);

    // Another device ends Gramdeck's session: the account shows logged-out, and is not retried.
    const hank = await loginThroughRouter(h, dc, '+9996620008');
    const device = await loggedIn(dc, '+9996620008');
    rawClients.push(device);
    const auths = await device.invoke(new Api.account.GetAuthorizations());
    const ours = auths.authorizations.find((a) => !a.current);
    if (!ours) throw new Error('no other session');
    await device.invoke(new Api.account.ResetAuthorization({ hash: ours.hash }));
    const failed = await h.call('accounts:list-chats', { accountId: hank });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.error.code).toBe('LOGGED_OUT');
    const state = await h.waitForEvent(
      'accounts:changed',
      (s) => statusOf(s, hank) === 'logged-out',
    );
    const status = state.accounts.find((a) => a.id === hank)?.status;
    expect(status).toMatchObject({
      kind: 'logged-out',
      reason: expect.stringMatching(/Sign in again/),
    });
  });

  test('a server that forgot the auth key logs the account out, without a retry loop', async () => {
    const h = newHarness();
    await h.start();
    const erin = await loginThroughRouter(h, dc, '+9996620005');
    await h.waitForEvent('accounts:changed', (s) => statusOf(s, erin) === 'online');
    dc.control.forgetAuthKeys({ phone: '+9996620005' });
    // The next request meets transport error -404; GramJS would otherwise hang on it.
    const started = Date.now();
    const hung = await h.call('accounts:list-chats', { accountId: erin });
    expect(hung.ok).toBe(false);
    if (!hung.ok) expect(hung.error.code).toBe('LOGGED_OUT');
    expect(Date.now() - started).toBeLessThan(3000);
    const state = await h.waitForEvent(
      'accounts:changed',
      (s) => statusOf(s, erin) === 'logged-out',
    );
    expect(state.accounts.find((a) => a.id === erin)?.status).toMatchObject({ kind: 'logged-out' });
    const reconnect = await h.call('accounts:reconnect', { accountId: erin });
    expect(reconnect.ok).toBe(false);

    // Signing in again revives the same account instead of adding a second one.
    const again = await loginThroughRouter(h, dc, '+9996620005');
    expect(again).toBe(erin);
    const after = await h.waitForEvent(
      'accounts:changed',
      (s) => statusOf(s, erin) === 'online',
      15_000,
      h.pushed.length,
    );
    expect(after.accounts.filter((a) => a.displayName === 'Erin')).toHaveLength(1);
  });

  test('a SOCKS5 proxy per account: the account reconnects through it', async () => {
    const socks = await startSocks5Server({ username: 'gd', password: 'proxy-secret' });
    try {
      const h = newHarness();
      await h.start();
      const gail = await loginThroughRouter(h, dc, '+9996620007');
      const state = await h.ok('accounts:set-proxy', {
        accountId: gail,
        proxy: {
          type: 'socks5',
          host: '127.0.0.1',
          port: socks.port,
          username: 'gd',
          password: 'proxy-secret',
        },
      });
      expect(state.accounts.find((a) => a.id === gail)).toMatchObject({
        status: { kind: 'online' },
        proxy: {
          type: 'socks5',
          host: '127.0.0.1',
          port: socks.port,
          username: 'gd',
          hasCredentials: true,
        },
      });
      expect(socks.tunnels).toBeGreaterThan(0);
      expect(JSON.stringify(h.pushed)).not.toContain('proxy-secret');
      expect(h.vault.records.get(gail)?.proxy).toMatchObject({ password: 'proxy-secret' });
      const chats = await h.ok('accounts:list-chats', { accountId: gail });
      expect(Array.isArray(chats)).toBe(true);
      const cleared = await h.ok('accounts:set-proxy', { accountId: gail, proxy: null });
      expect(cleared.accounts.find((a) => a.id === gail)?.proxy).toBeNull();
    } finally {
      await socks.close();
    }
  });

  test('login-code inbox: history and live pushes from 777000', async () => {
    const h = newHarness();
    await h.start();
    const bob = await loginThroughRouter(h, dc, '+9996610002');
    // Someone asks for a login code for Bob: Telegram sends it to Bob's open sessions.
    const other = createCoreHarness({
      gateway: createGramJsGateway({ logger: createRecordingLogger() }),
      target: { profile: dc.profile(), apiId: 1, apiHash: 'a'.repeat(32) },
    });
    harnesses.push(other);
    await other.ok('auth:start', { phone: '+9996610002' });
    const code = dc.control.lastCode('+9996610002') ?? '';
    const pushed = await h.waitForEvent('inbox:changed', (p) => p.accountId === bob);
    expect(pushed.messages[0]?.code).toBe(code);
    const inbox = await h.ok('accounts:login-codes', { accountId: bob });
    expect(inbox.some((m) => m.code === code)).toBe(true);
    expect(inbox.length).toBeGreaterThanOrEqual(1);
  });

  test('a sign-in elsewhere is pushed as sessions:changed and listed', async () => {
    const h = newHarness();
    await h.start();
    const dave = await loginThroughRouter(h, dc, '+9996620004');
    const before = await h.ok('accounts:list-sessions', { accountId: dave });
    const elsewhere = await loggedIn(dc, '+9996620004');
    rawClients.push(elsewhere);
    await h.waitForEvent('sessions:changed', (p) => p.accountId === dave);
    const after = await h.ok('accounts:list-sessions', { accountId: dave });
    expect(after).toHaveLength(before.length + 1);
  });

  test('weak storage: the login is kept in memory and saved once storage is allowed', async () => {
    const vault = createMemoryVault();
    vault.setWeak(true);
    const h = newHarness({ vault });
    await h.start();
    const started = await h.ok('auth:start', { phone: '+9996620004' });
    const done = await h.ok('auth:submit-code', {
      attemptId: started.attemptId,
      code: dc.control.lastCode('+9996620004') ?? '',
    });
    expect(done.step).toBe('done');
    expect(done.error?.code).toBe('STORAGE_NOT_SECURE');
    const accountId = done.accountId ?? '';
    expect(vault.records.has(accountId)).toBe(false);
    const state = await h.waitForEvent(
      'accounts:changed',
      (s) => statusOf(s, accountId) === 'online',
    );
    expect(state.accounts).toHaveLength(1);
    vault.setWeak(false);
    await expect.poll(() => vault.records.has(accountId)).toBe(true);
  });

  test('vault lock disconnects; unlock restores, and a call made meanwhile waits for it', async () => {
    const vault = createMemoryVault();
    const h = newHarness({ vault });
    await h.start();
    const dave = await loginThroughRouter(h, dc, '+9996620004');
    vault.lock();
    await h.waitForEvent('accounts:changed', (s) => statusOf(s, dave) === 'locked');
    const refused = await h.call('accounts:list-chats', { accountId: dave });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('LOCKED');
    // A slow reconnect: the account page's first calls come while it is still connecting.
    dc.control.setDelay('users.getUsers', 1_500);
    try {
      const before = h.pushed.length;
      vault.unlock();
      const chats = await h.call('accounts:list-chats', { accountId: dave });
      expect(chats.ok).toBe(true);
      await h.waitForEvent(
        'accounts:changed',
        (s) => statusOf(s, dave) === 'online',
        15_000,
        before,
      );
    } finally {
      dc.control.setDelay('users.getUsers', 0);
    }
  });

  test('a DC blackout takes accounts offline with a retry time; they come back on their own', async () => {
    const h = newHarness();
    await h.start();
    const dave = await loginThroughRouter(h, dc, '+9996620004');
    const bob = await loginThroughRouter(h, dc, '+9996610002');
    await h.waitForEvent('accounts:changed', (s) =>
      [dave, bob].every((id) => statusOf(s, id) === 'online'),
    );
    dc.control.blackout(3);
    const offline = await h.waitForEvent('accounts:changed', (s) =>
      s.accounts.some((a) => a.status.kind === 'offline' && a.status.retryAt !== null),
    );
    expect(offline.accounts.some((a) => a.status.kind === 'offline')).toBe(true);
    const before = h.pushed.length;
    await h.waitForEvent(
      'accounts:changed',
      (s) => [dave, bob].every((id) => statusOf(s, id) === 'online'),
      30_000,
      before,
    );
    const chats = await h.ok('accounts:list-chats', { accountId: dave });
    expect(Array.isArray(chats)).toBe(true);
  });
});
