#!/usr/bin/env node
// `npm run demo [-- --web] [-- --port N]`
// Starts the local test DC with the demo scenario and Gramdeck pointed at it, on a fresh data dir.
// Electron is used where its binary exists; elsewhere (or with --web) the browser host.
// The demo accounts, and every login code the DC sends, are printed here as they happen.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { demoAccountLines } from './demo-accounts.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { web: { type: 'boolean' }, port: { type: 'string' }, 'keep-data': { type: 'boolean' } },
});

const workDir = mkdtempSync(join(tmpdir(), 'gramdeck-demo-'));
const dataDir = join(workDir, 'data');
const profileFile = join(workDir, 'sandbox-profile.json');
const say = (line) => process.stdout.write(`${line}\n`);

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
function shutDown(code) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  if (!values['keep-data']) rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
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
  ],
  { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] },
);
children.push(dc);
dc.on('exit', (code) => {
  say(`The test DC stopped (${code ?? 'signal'}).`);
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
    const app = spawn(binary, [root, '--data-dir', dataDir, '--server-profile', profileFile], {
      cwd: root,
      stdio: 'inherit',
    });
    children.push(app);
    app.on('exit', () => shutDown(0));
    return;
  }
  const args = ['--data-dir', dataDir, '--server-profile', profileFile];
  if (values.port) args.push('--port', values.port);
  const web = spawn(process.execPath, [join(root, 'scripts/web.mjs'), ...args], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(web);
  web.on('exit', (code) => shutDown(code ?? 0));
}
