/**
 * Session export (issue 15) against a real vault on disk: every format parses back with
 * `@mtcute/convert`'s own parser to the account's DC and auth key, the Telethon `.session` file is
 * a SQLite database in Telethon's schema, and the passcode is proven again (counted like unlock).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  convertToGramjsSession,
  parseGramjsSession,
  parsePyrogramSession,
  parseTelethonSession,
} from '@mtcute/convert';
import { loadSqlJs } from '../../../electron/core/sessions/sql';
import { afterEach, describe, expect, it } from 'vitest';
import type { GramdeckCore } from '../../../electron/core/app';
import type { AccountRecord } from '../../../electron/core/ports';
import {
  createSessionExporter,
  exportFileName,
  type SessionExporter,
} from '../../../electron/core/sessions/export';
import type { Vault } from '../../../electron/core/vault';
import type { ServerProfile } from '../../../electron/shared/server-profile';
import { FakeCipher } from '../../support/keychain';
import { memoryLogger, type LogLine } from '../../support/logger';
import { TestClock } from '../../support/timers';
import { failure, openVault, tempDir } from '../../support/vault';
import { createWebTestCore, testSender } from '../../support/web-core';

const authKey = randomBytes(256);
const sandbox: ServerProfile = {
  kind: 'custom',
  label: 'Gramdeck sandbox',
  isSandbox: true,
  defaultDcId: 1,
  dcs: [
    { id: 1, host: '127.0.0.1', port: 20443 },
    { id: 2, host: '127.0.0.1', port: 20444 },
  ],
  rsaKeys: [{ fingerprint: '1', n: 'ab', e: 65537 }],
};

/** An account record whose session is a GramJS string session for DC 2. */
function record(serverProfile: ServerProfile, address = '127.0.0.1', port = 20444): AccountRecord {
  return {
    session: convertToGramjsSession({
      version: 3,
      primaryDcs: {
        main: { id: 2, ipAddress: address, port },
        media: { id: 2, ipAddress: address, port },
      },
      authKey,
    }),
    phone: '+9996620011',
    userId: '7000000011',
    homeDcId: 2,
    serverProfile,
    apiId: 94575,
    apiHash: 'a3406de8d171bb422bb6ddf3bbd800e2',
    proxy: null,
    displayName: 'Alice Demo',
    username: 'alice',
    isPremium: false,
    avatar: null,
  };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(profile: ServerProfile = sandbox, address?: string, port?: number) {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const clock = new TestClock();
  const vault: Vault = await openVault({ directory: dir, cipher: new FakeCipher(), clock });
  cleanups.push(() => vault.close());
  await vault.writeAccount('alice', record(profile, address, port));
  const lines: LogLine[] = [];
  const exporter: SessionExporter = createSessionExporter({ vault, logger: memoryLogger(lines) });
  return { vault, exporter, clock, lines };
}

async function exportOne(exporter: SessionExporter, format: Parameters<typeof exportFileName>[1]) {
  const [exported] = await exporter.exportSessions({ accountIds: ['alice'], format });
  if (!exported) throw new Error('nothing exported');
  return exported;
}

describe('session export formats', () => {
  it('exports a GramJS string that GramJS parsing reads back to the same DC and key', async () => {
    const { exporter } = await setUp();
    const exported = await exportOne(exporter, 'gramjs');
    expect(exported).toMatchObject({
      accountId: 'alice',
      displayName: 'Alice Demo',
      fileName: 'alice-demo.gramjs-session.txt',
    });
    const parsed = parseGramjsSession(exported.text);
    expect(parsed).toMatchObject({ dcId: 2, ipAddress: '127.0.0.1', port: 20444 });
    expect(Buffer.from(parsed.authKey).equals(authKey)).toBe(true);
  });

  it('exports a Telethon string that Telethon parsing reads back to the same DC and key', async () => {
    const { exporter } = await setUp();
    const parsed = parseTelethonSession((await exportOne(exporter, 'telethon')).text);
    expect(parsed).toMatchObject({ dcId: 2, ipAddress: '127.0.0.1', port: 20444 });
    expect(Buffer.from(parsed.authKey).equals(authKey)).toBe(true);
  });

  it('exports a Pyrogram string with the user id and api_id from the account record', async () => {
    const { exporter } = await setUp();
    const parsed = parsePyrogramSession((await exportOne(exporter, 'pyrogram')).text);
    expect(parsed).toMatchObject({
      dcId: 2,
      apiId: 94575,
      userId: 7000000011,
      isBot: false,
      isTest: false,
    });
    expect(Buffer.from(parsed.authKey).equals(authKey)).toBe(true);
  });

  it("exports a Telethon .session file that sql.js opens, with Telethon's tables", async () => {
    const { exporter } = await setUp();
    const exported = await exportOne(exporter, 'telethon-file');
    expect(exported.fileName).toBe('alice-demo.session');
    const SQL = await loadSqlJs();
    const db = new SQL.Database(Buffer.from(exported.text, 'base64'));
    try {
      const tables = db.exec("select name from sqlite_master where type = 'table' order by name");
      expect(tables[0]?.values.flat()).toEqual([
        'entities',
        'sent_files',
        'sessions',
        'update_state',
        'version',
      ]);
      expect(db.exec('select version from version')[0]?.values).toEqual([[7]]);
      const columns = db.exec('pragma table_info(sessions)')[0]?.values.map((row) => row[1]);
      expect(columns).toEqual(['dc_id', 'server_address', 'port', 'auth_key', 'takeout_id']);
      const [row] = db.exec('select dc_id, server_address, port, auth_key from sessions')[0]
        ?.values ?? [[]];
      expect(row?.slice(0, 3)).toEqual([2, '127.0.0.1', 20444]);
      expect(Buffer.from(row?.[3] as Uint8Array).equals(authKey)).toBe(true);
    } finally {
      db.close();
    }
  });

  it("exports a test-server account with the test flag and Telegram's test address", async () => {
    // GramJS keeps whatever address it dialled; the profile says which servers the key is for.
    const { exporter } = await setUp({ kind: 'test' }, '149.154.167.51', 443);
    expect(parsePyrogramSession((await exportOne(exporter, 'pyrogram')).text).isTest).toBe(true);
    const telethon = parseTelethonSession((await exportOne(exporter, 'telethon')).text);
    expect(telethon).toMatchObject({ dcId: 2, ipAddress: '149.154.167.40', port: 443 });
    expect(Buffer.from(telethon.authKey).equals(authKey)).toBe(true);
  });

  it('names files after the account, and never leaves a name empty', () => {
    expect(exportFileName('Ünïcode  Ñame!', 'telethon')).toBe('unicode-name.telethon-session.txt');
    expect(exportFileName('日本', 'telethon-file')).toBe('account.session');
  });

  it('logs neither the session nor the auth key', async () => {
    const { exporter, lines } = await setUp();
    const exported = await exportOne(exporter, 'gramjs');
    const logged = JSON.stringify(lines);
    expect(logged).toContain('Exported sessions');
    expect(logged).not.toContain(exported.text);
    expect(logged).not.toContain(authKey.toString('hex'));
    expect(logged).not.toContain(authKey.toString('base64').slice(0, 20));
  });

  it('answers NOT_FOUND for an account that is not in the vault', async () => {
    const { exporter } = await setUp();
    const refused = await failure(
      exporter.exportSessions({ accountIds: ['alice', 'gone'], format: 'gramjs' }),
    );
    expect(refused).toMatchObject({ code: 'NOT_FOUND', accountId: 'gone' });
  });
});

describe('the passcode before an export', () => {
  it('asks for no passcode when none is set', async () => {
    const { exporter } = await setUp();
    const exported = await exporter.exportSessions({ accountIds: ['alice'], format: 'telethon' });
    expect(exported).toHaveLength(1);
  });

  it('needs the passcode when one is set: missing or wrong is refused, the right one works', async () => {
    const { vault, exporter } = await setUp();
    await vault.setPasscode('right passcode');
    const missing = await failure(
      exporter.exportSessions({ accountIds: ['alice'], format: 'gramjs' }),
    );
    expect(missing).toMatchObject({ code: 'VALIDATION', field: 'passcode' });
    const wrong = await failure(
      exporter.exportSessions({ accountIds: ['alice'], format: 'gramjs', passcode: 'wrong' }),
    );
    expect(wrong).toMatchObject({ code: 'INCORRECT_CODE', field: 'passcode' });
    expect(wrong.message).toBe('That passcode is not correct.');
    const exported = await exporter.exportSessions({
      accountIds: ['alice'],
      format: 'gramjs',
      passcode: 'right passcode',
    });
    expect(parseGramjsSession(exported[0]?.text ?? '').dcId).toBe(2);
  });

  it('counts wrong passcodes with the unlock limiter: the delays grow', async () => {
    const { vault, exporter, clock } = await setUp();
    await vault.setPasscode('right passcode');
    const retryAfters: (number | undefined)[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const error = await failure(
        exporter.exportSessions({
          accountIds: ['alice'],
          format: 'gramjs',
          passcode: `no ${attempt}`,
        }),
      );
      expect(error.code).toBe('INCORRECT_CODE');
      retryAfters.push(error.retryAfter);
      if (error.retryAfter && attempt < 4) clock.advance(error.retryAfter * 1000);
    }
    expect(retryAfters).toEqual([undefined, undefined, undefined, 5, 10]);
    expect(vault.status().retryAt).toBe(clock.now() + 10_000);
    // While the delay runs even the right passcode is refused, and unlock shares the count.
    const refused = await failure(
      exporter.exportSessions({
        accountIds: ['alice'],
        format: 'gramjs',
        passcode: 'right passcode',
      }),
    );
    expect(refused).toMatchObject({ code: 'TOO_MANY_REQUESTS', retryAfter: 10 });
  });
});

describe('accounts:export through the real core', () => {
  let core: GramdeckCore | null = null;
  afterEach(async () => {
    await core?.stop();
    core = null;
  });

  it('is refused while locked, and refuses a wrong passcode in plain words', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gramdeck-export-'));
    cleanups.push(() => {
      rmSync(dataDir, { recursive: true, force: true });
    });
    core = await createWebTestCore({ dataDir, logger: memoryLogger() });
    await core.start();
    const set = await core.router.dispatch(
      'vault:set-passcode',
      { passcode: 'core passcode' },
      testSender,
    );
    expect(set.ok).toBe(true);
    const wrong = await core.router.dispatch(
      'accounts:export',
      { accountIds: ['alice'], format: 'gramjs', passcode: 'nope' },
      testSender,
    );
    expect(wrong).toMatchObject({
      ok: false,
      error: {
        code: 'INCORRECT_CODE',
        message: 'That passcode is not correct.',
        field: 'passcode',
      },
    });
    await core.router.dispatch('vault:lock', undefined, testSender);
    const locked = await core.router.dispatch(
      'accounts:export',
      { accountIds: ['alice'], format: 'gramjs', passcode: 'core passcode' },
      testSender,
    );
    expect(locked).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
  });
});
