/**
 * `npm run web`: the whole app in a browser, for machines without an Electron binary. Runs the
 * same core as the desktop app and serves the built renderer on 127.0.0.1 only.
 *
 *   node out/main/host.cjs [--port N] [--data-dir DIR] [--server-profile FILE]
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGramdeckCore } from '../core/app';
import { openDataDir } from '../core/launch/data-dir';
import { loadServerProfileFile } from '../core/launch/server-profile-file';
import { defaultDataDir } from '../core/paths';
import { confStoreFactory } from '../core/storage/conf-store';
import type { ServerProfile } from '../shared/server-profile';
import { createGramJsGateway } from '../telegram';
import { logUncaughtErrors } from './crash-guard';
import { startWebHost } from './web-host';

const usage = 'Usage: npm run web -- [--port N] [--data-dir DIR] [--server-profile FILE]';

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        'data-dir': { type: 'string' },
        'server-profile': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    exitWith(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    exitWith(`--port must be a number from 0 to 65535.\n${usage}`);
  let sandboxProfile: ServerProfile | null = null;
  if (values['server-profile'] !== undefined) {
    const parsed = loadServerProfileFile(values['server-profile']);
    if (!parsed.ok) exitWith(parsed.message);
    sandboxProfile = parsed.profile;
  }
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir());
  return { port, dataDir, sandboxProfile };
}

async function main() {
  const { port, dataDir, sandboxProfile } = readOptions();
  const opened = openDataDir(dataDir, { owner: 'web host', hasStderrLog: true });
  const { logger } = opened;
  logUncaughtErrors(process, logger);

  const lock = await opened
    .lock()
    .catch((error: unknown) => exitWith(error instanceof Error ? error.message : String(error)));

  let origin = '';
  const version = (
    JSON.parse(readFileSync(join(appRoot(), 'package.json'), 'utf8')) as { version: string }
  ).version;
  const core = await createGramdeckCore({
    dataDir,
    transport: 'web',
    app: { version, platform: process.platform, isPackaged: false },
    storeFactory: confStoreFactory,
    cipher: null,
    gateway: createGramJsGateway({
      logger,
      appVersion: version,
      deviceModel: 'Gramdeck (web host)',
      isHandshakeWorkerWarm: true,
    }),
    sandboxProfile,
    updater: null,
    logger,
    isTrustedSender: (sender) => sender.transport === 'web' && sender.url === origin,
  });
  const host = await startWebHost({
    router: core.router,
    events: core.events,
    rendererDir: join(appRoot(), 'out', 'renderer'),
    logger,
    port,
    onPageOpen: () => core.attachWindow(),
  });
  origin = host.origin;
  process.stdout.write(`Gramdeck web host: ${host.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log('info', 'Stopping the web host', { signal });
    void (async () => {
      await host.close();
      await core.stop();
      await lock.release();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });

  await core.start();
}

/** The repository (or app) root: out/main/host.cjs lives two folders below it. */
function appRoot(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

main().catch((error: unknown) => {
  // A start-up failure (port in use, unreadable data dir) is a message, not a stack trace.
  const reason =
    error instanceof Error && 'code' in error && error.code === 'EADDRINUSE'
      ? 'that port is in use. Choose another with --port N, or --port 0 for any free one.'
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`Gramdeck web host could not start: ${reason}\n`);
  process.exit(1);
});
