#!/usr/bin/env node
// `npm run demo [-- --web] [-- --port N] [-- --data-dir DIR] [-- --fresh]`
// Starts the local test DC with the demo scenario and Gramdeck pointed at it. Everything lives in
// one data folder that outlasts the demo (default: a per-user folder, see defaultDataDir):
// `app/` is Gramdeck's data dir (settings, vault), `dc-state.json` the DC's accounts, auth keys,
// RSA key and ports, `sandbox-profile.json` the profile Gramdeck reads. Running the demo again
// resumes both, so a sandbox account stays signed in; `--fresh` deletes them first.
// Electron is used where its binary exists; elsewhere (or with --web) the browser host.
// The demo accounts, and every login code the DC sends, are printed here as they happen.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoAccountLines } from './demo-accounts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line) => process.stdout.write(`${line}\n`);

let values;
try {
  ({ values } = parseArgs({
    options: {
      web: { type: 'boolean' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      fresh: { type: 'boolean' },
    },
  }));
} catch (e) {
  process.stderr.write(
    `${e instanceof Error ? e.message : String(e)}. Usage: npm run demo -- [--web] [--port N] [--data-dir DIR] [--fresh]\n`,
  );
  process.exit(2);
}

/** A per-user folder that lasts: $XDG_DATA_HOME (or ~/.local/share) on Linux, the usual places elsewhere. */
function defaultDataDir() {
  if (process.platform === 'win32')
    return join(process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'gramdeck-demo');
  if (process.platform === 'darwin')
    return join(homedir(), 'Library', 'Application Support', 'gramdeck-demo');
  const xdg = process.env.XDG_DATA_HOME;
  return join(
    xdg && xdg.startsWith('/') ? xdg : join(homedir(), '.local', 'share'),
    'gramdeck-demo',
  );
}

const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
const appDataDir = join(dataDir, 'app');
const stateFile = join(dataDir, 'dc-state.json');
const profileFile = join(dataDir, 'sandbox-profile.json');

if (values.fresh) {
  // Only what the demo put there: a --data-dir given by mistake loses nothing else.
  for (const path of [appDataDir, stateFile, profileFile])
    rmSync(path, { recursive: true, force: true });
  say(`--fresh: deleted the demo's data in ${dataDir} (its accounts, sign-ins and sandbox).`);
}
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
say(`Demo data folder: ${dataDir} (kept when the demo stops; --fresh starts clean)`);
say(`Sandbox profile:  ${profileFile}`);

/** Where the electron package put its binary, without triggering its download. */
function electronBinary() {
  try {
    const pathFile = join(root, 'node_modules', 'electron', 'path.txt');
    const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8'));
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const children = [];
let isStopping = false;
/** Stops every child (they save their state on SIGTERM), waits for them, then exits. */
function shutDown(code) {
  if (isStopping) return;
  isStopping = true;
  const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
  const exited = running.map((child) => new Promise((done) => child.once('exit', done)));
  for (const child of running) child.kill('SIGTERM');
  const force = setTimeout(() => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  }, 10_000);
  void Promise.all(exited).then(() => {
    clearTimeout(force);
    say(`The demo stopped. Its data stays in ${dataDir}.`);
    process.exit(code);
  });
}
process.on('SIGINT', () => shutDown(0));
process.on('SIGTERM', () => shutDown(0));

const dc = spawn(
  process.execPath,
  [
    '--import',
    'tsx',
    join(root, 'tools/telegram-dc/cli.ts'),
    '--scenario',
    'demo',
    '--profile-out',
    profileFile,
    '--state',
    stateFile,
  ],
  { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
);
children.push(dc);
dc.on('exit', (code) => {
  if (!isStopping) say(`The test DC stopped (${code ?? 'signal'}).`);
  shutDown(code ?? 1);
});
// Lines typed here go to the DC, e.g. `accept-qr +9996620001` to approve a QR login.
process.stdin.pipe(dc.stdin);

let started = false;
createInterface({ input: dc.stdout }).on('line', (line) => {
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    return;
  }
  if (event.event === 'listening' && !started) {
    started = true;
    printAccounts(event);
    startApp();
  } else if (event.event === 'code') {
    const how = event.callingNumber
      ? `, the call came from ${event.callingNumber}`
      : event.email
        ? ` to ${event.email}`
        : '';
    say(`» Login code for ${event.phone}: ${event.code} (sent by ${event.type}${how})`);
  } else if (event.event === 'email-code') {
    say(`» Code to confirm the login email ${event.email} of ${event.phone}: ${event.code}`);
  } else if (event.event === 'recovery-code') {
    say(`» Password recovery code for ${event.phone}, mailed to ${event.email}: ${event.code}`);
  }
});

function printAccounts(listening) {
  say('');
  say('Gramdeck demo — a local sandbox DC, not Telegram. Demo accounts:');
  for (const line of demoAccountLines(listening)) say(line);
  say(
    'Codes appear below as the DC sends them. Type "accept-qr <phone>" + Enter to approve a QR login.',
  );
  say('');
}

function startApp() {
  const binary = values.web ? null : electronBinary();
  if (!values.web && !binary)
    say('No Electron binary on this machine: starting the browser host instead.');
  if (binary) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) shutDown(build.status ?? 1);
    const app = spawn(binary, [root, '--data-dir', appDataDir, '--server-profile', profileFile], {
      cwd: root,
      stdio: 'inherit',
    });
    children.push(app);
    app.on('exit', () => shutDown(0));
    return;
  }
  const args = ['--data-dir', appDataDir, '--server-profile', profileFile];
  if (values.port) args.push('--port', values.port);
  const web = spawn(process.execPath, [join(root, 'scripts/web.mjs'), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(web);
  web.on('exit', (code) => shutDown(code ?? 0));
}
