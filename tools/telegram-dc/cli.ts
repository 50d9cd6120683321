import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  DcStateError,
  SANDBOX_API_HASH,
  SANDBOX_API_ID,
  demoScenario,
  persistDcState,
  readDcState,
  startTestDc,
  unusableStateFile,
  type Scenario,
  type TestDc,
} from './index';
import { NATIVE_LAYER, knownLayers } from './layers';
import { writeSessionFiles } from './mint';
import { publicKeyPem } from './rsa';

/**
 * `npm run dc -- --scenario demo [--port N] [--profile-out FILE] [--state FILE [--fresh]] [--small-primes]`
 *
 * With `--state FILE` the DC resumes from that file (accounts, auth keys, its RSA key and its
 * ports, so sessions signed in before still work) and keeps it up to date: within a second of a
 * change and on stop. `--fresh` ignores (and then replaces) what the file holds. A file that
 * cannot be used stops the DC with one sentence on stderr that names `--fresh`.
 *
 * Runs the sandbox DCs in the foreground. stdout carries JSON lines only (the first one,
 * `listening`, holds everything a client needs: addresses, the RSA key as PEM and fingerprint,
 * api id/hash, layers, transports and the demo accounts; then one line per code, recovery code
 * and fault), so tools can drive it; human-readable logs go to stderr, the same facts included. Commands on stdin, one per line:
 *   accept-qr <phone> [token|latest]   approve the pending QR login as that account's other device
 *   message <phone> <text...>          deliver an incoming message (from "Sandbox friend")
 *   blackout <seconds>                 refuse all connections for a while
 *   silence <seconds>                  keep connections open but answer nothing for a while
 *   drop [afterMessages]               drop the next connection after N messages
 *   forget-keys [phone]                forget auth keys (clients get -404)
 *   rotate-salts                       force bad_server_salt on every key
 *   delay <method> <ms> | error <method> <ERROR>
 *   sessions <phone> [dir]             mint a signed-in session of that account and print it as
 *                                      GramJS, Telethon, Pyrogram and mtcute strings (a
 *                                      `sessions` JSON line); with a dir, also write its
 *                                      Telethon and Pyrogram .session files there
 *   say <fromPhone> <toPhone|#group title> <text...>
 *                                      that demo account writes to another account, or to a
 *                                      group or channel it is in (the longest known title after
 *                                      "#": say +9996620001 #Weekend plans Who drives?)
 * Stops on SIGINT/SIGTERM; closing stdin does not stop it.
 */

const scenarios: Record<string, Scenario> = { demo: demoScenario };

function out(obj: unknown): void {
  process.stdout.write(JSON.stringify(obj) + '\n');
}

function log(line: string): void {
  process.stderr.write(`[telegram-dc] ${line}\n`);
}

function runCommand(dc: TestDc, line: string): void {
  const [cmd, ...args] = line.trim().split(/\s+/);
  const c = dc.control;
  switch (cmd) {
    case undefined:
    case '':
      return;
    case 'accept-qr': {
      const phone = args[0];
      if (!phone) throw new Error('usage: accept-qr <phone> [token]');
      c.acceptQrLogin(args[1] ?? 'latest', phone);
      log(`accepted the pending QR login as ${phone}`);
      return;
    }
    case 'message': {
      const [phone, ...words] = args;
      if (!phone || words.length === 0) throw new Error('usage: message <phone> <text>');
      c.deliverMessage(phone, { fromPeer: 'Sandbox friend', text: words.join(' ') });
      log(`delivered a message to ${phone}`);
      return;
    }
    case 'blackout':
      c.blackout(Number(args[0] ?? '5'));
      log(`blackout for ${args[0] ?? '5'} s`);
      return;
    case 'silence':
      c.silence(Number(args[0] ?? '5'));
      log(`silence for ${args[0] ?? '5'} s`);
      return;
    case 'drop':
      c.dropConnection({ afterMessages: Number(args[0] ?? '1') });
      log('armed a connection drop');
      return;
    case 'forget-keys':
      log(`forgot ${c.forgetAuthKeys(args[0] ? { phone: args[0] } : {})} auth key(s)`);
      return;
    case 'rotate-salts':
      log(`rotated salts of ${c.rotateSalts()} key(s)`);
      return;
    case 'delay':
      c.setDelay(args[0] ?? '', Number(args[1] ?? '0'));
      log(`delay ${args[0] ?? ''} by ${args[1] ?? '0'} ms`);
      return;
    case 'error':
      c.queueError(args[0] ?? '', args[1] ?? 'INTERNAL');
      log(`queued ${args[1] ?? 'INTERNAL'} for ${args[0] ?? ''}`);
      return;
    // Session import (issue 15)
    case 'sessions': {
      const [phone, dir] = args;
      if (!phone) throw new Error('usage: sessions <phone> [dir]');
      void printSessions(dc, phone, dir).catch((e: unknown) => {
        log(`sessions failed: ${e instanceof Error ? e.message : String(e)}`);
      });
      return;
    }
    // Chats and messages (issue 16)
    case 'say': {
      const parsed = parseSay(line, c.chatTitles());
      if (!parsed) throw new Error('usage: say <fromPhone> <toPhone|#group title> <text>');
      const id = c.sendMessage(parsed.from, parsed.to, parsed.text);
      log(`${parsed.from} wrote to ${parsed.to} (message ${id})`);
      return;
    }
    default:
      throw new Error(`unknown command ${cmd}`);
  }
}

// Chats and messages (issue 16)
/**
 * `say <fromPhone> <to> <text>`: `to` is a phone, or `#` and the longest of `titles` the rest
 * starts with. The text is never logged (messages are private, even in the sandbox).
 */
function parseSay(
  line: string,
  titles: string[],
): { from: string; to: string; text: string } | undefined {
  const m = /^\s*say\s+(\S+)\s+(.+)$/.exec(line);
  const from = m?.[1];
  const rest = m?.[2];
  if (!from || !rest) return undefined;
  if (rest.startsWith('#')) {
    const title = titles
      .filter((t) => rest.slice(1).startsWith(`${t} `))
      .sort((a, b) => b.length - a.length)[0];
    if (!title) return undefined;
    return { from, to: `#${title}`, text: rest.slice(title.length + 2).trim() };
  }
  const [to, ...words] = rest.split(/\s+/);
  if (!to || words.length === 0) return undefined;
  return { from, to, text: words.join(' ') };
}

// Session import (issue 15)
/** Mints a session of `phone` and prints it in every string format (and files, given a dir). */
async function printSessions(dc: TestDc, phone: string, dir: string | undefined): Promise<void> {
  const minted = await dc.control.mintSessions(phone);
  const files = dir ? await writeSessionFiles(minted.seeded, dir) : null;
  out({
    event: 'sessions',
    phone: minted.phone,
    userId: minted.userId,
    dcId: minted.dcId,
    gramjs: minted.gramjs,
    telethon: minted.telethon,
    pyrogram: minted.pyrogram,
    mtcute: minted.mtcute,
    ...(files ? { files } : {}),
  });
  log(
    `a new session of ${phone} (user ${minted.userId}, DC${minted.dcId}); whoever holds it is signed in:\n  GramJS   ${minted.gramjs}\n  Telethon ${minted.telethon}\n  Pyrogram ${minted.pyrogram}\n  mtcute   ${minted.mtcute}${files ? `\n  files    ${files.telethon} ${files.pyrogram}` : ''}`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'demo' },
      port: { type: 'string' },
      'profile-out': { type: 'string' },
      'small-primes': { type: 'boolean', default: false },
      state: { type: 'string' },
      fresh: { type: 'boolean', default: false },
    },
  });
  const scenario = scenarios[values.scenario];
  if (!scenario)
    throw new Error(
      `unknown scenario ${values.scenario} (known: ${Object.keys(scenarios).join(', ')})`,
    );
  const stateFile = values.state;
  if (values.fresh && stateFile) log(`--fresh: starting a clean sandbox; ${stateFile} is replaced`);
  const state = stateFile && !values.fresh ? readDcState(stateFile, scenario.name) : null;
  const dc = await startTestDc({
    scenario,
    smallPrimes: values['small-primes'],
    basePort: values.port === undefined ? undefined : Number(values.port),
    log,
    ...(state ? { state } : {}),
  }).catch((e: unknown) => {
    const error = e as NodeJS.ErrnoException & { port?: number };
    if (stateFile && e instanceof DcStateError) throw unusableStateFile(stateFile, e.message);
    if (state && error.code === 'EADDRINUSE')
      throw new DcStateError(
        `Port ${error.port ?? '?'} on 127.0.0.1, where the saved sandbox listens (its signed-in sessions dial it), is in use: is another demo or DC running on ${stateFile ?? 'this state'}? Stop it, or start with --fresh (new ports, its accounts and sign-ins are lost).`,
      );
    throw e;
  });
  const persister = stateFile
    ? persistDcState(stateFile, () => dc.snapshot(), { onError: log })
    : null;
  if (stateFile)
    log(
      state
        ? `resumed the sandbox saved in ${stateFile}`
        : `keeping the sandbox's state in ${stateFile}`,
    );
  dc.control.on('code', (e) => {
    out({ event: 'code', ...e });
    const via = e.callingNumber
      ? ` (the call came from ${e.callingNumber})`
      : e.email
        ? ` (to ${e.email})`
        : '';
    log(`code for ${e.phone} via ${e.type}${via}: ${e.code}`);
  });
  dc.control.on('email-code', (e) => {
    out({ event: 'email-code', phone: e.phone, email: e.email, code: e.code });
    log(`login email verification code for ${e.phone} (${e.email}): ${e.code}`);
  });
  dc.control.on('recovery-code', (e) => {
    out({ event: 'recovery-code', phone: e.phone, email: e.email, code: e.code });
    log(`recovery code for ${e.phone} (${e.email}): ${e.code}`);
  });
  dc.control.on('password-email-code', (e) => {
    out({ event: 'password-email-code', phone: e.phone, email: e.email, code: e.code });
    log(`recovery email confirmation code for ${e.phone} (${e.email}): ${e.code}`);
  });
  dc.control.on('fault', (f) => {
    out({ event: 'fault', ...f });
  });
  if (values['profile-out'])
    writeFileSync(values['profile-out'], JSON.stringify(dc.profile(), null, 2) + '\n');
  const pem = publicKeyPem(dc.rsa.n, dc.rsa.e);
  const fingerprintHex = BigInt.asUintN(64, BigInt(dc.rsa.fingerprint))
    .toString(16)
    .padStart(16, '0');
  out({
    event: 'listening',
    dcs: dc.dcs,
    defaultDc: dc.profile().defaultDcId,
    rsa: { ...dc.rsa, fingerprintHex, pem },
    apiId: SANDBOX_API_ID,
    apiHash: SANDBOX_API_HASH,
    apiCredentialsChecked: false,
    layers: knownLayers(),
    transports: ['abridged', 'intermediate', 'padded-intermediate', 'full', 'obfuscated2'],
    codeDelivery:
      'each login code is printed as a {"event":"code","phone":...,"code":...} line on stdout',
    accounts: scenario.accounts.map((a) => ({
      phone: a.phone,
      firstName: a.firstName,
      dc: a.dcId,
      ...(a.twoFactor ? { password: a.twoFactor.password } : {}),
      ...(a.twoFactor?.hint ? { hint: a.twoFactor.hint } : {}),
      ...(a.twoFactor?.recoveryEmail ? { recoveryEmail: a.twoFactor.recoveryEmail } : {}),
      codeTypes: a.code?.types ?? ['sms', 'call'],
      ...(a.code?.loginEmail ? { loginEmail: a.code.loginEmail } : {}),
      ...(a.deactivated ? { deactivated: a.deactivated } : {}),
    })),
    floodRules: (scenario.floodRules ?? []).map((r) => ({
      phone: r.phone,
      method: r.method,
      error: r.error,
      ...(r.afterCalls ? { afterCalls: r.afterCalls } : {}),
    })),
  });
  log(
    `listening: ${dc.dcs.map((d) => `DC${d.id}=${d.host}:${d.port}`).join(' ')} (scenario ${scenario.name})`,
  );
  log(
    `connect any MTProto client to DC2 (TCP: abridged, intermediate, padded, full or obfuscated); layers ${knownLayers().join(', ')} (native ${NATIVE_LAYER}); api_id ${SANDBOX_API_ID}, api_hash ${SANDBOX_API_HASH} (any pair is accepted)`,
  );
  log(
    `trust this RSA key (fingerprint ${fingerprintHex}, signed ${dc.rsa.fingerprint}):\n${pem.trim()}`,
  );
  for (const a of scenario.accounts)
    log(
      `demo account ${a.phone} (${a.firstName}, DC${a.dcId})${a.twoFactor ? `, 2FA password "${a.twoFactor.password}"` : ''}; its login codes are printed here and on stdout`,
    );

  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    try {
      runCommand(dc, line);
    } catch (e) {
      log(`command failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
  let isStopping = false;
  const stop = (signal: string): void => {
    if (isStopping) return;
    isStopping = true;
    log(`${signal}: stopping`);
    rl.close();
    persister?.stop();
    void dc.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
}

main().catch((e: unknown) => {
  if (e instanceof DcStateError) {
    log(e.message);
    process.exit(1);
  }
  log(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
