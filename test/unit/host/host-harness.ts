import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { createEventBus } from '../../../electron/core/ipc/event-bus';
import { createRouter } from '../../../electron/core/ipc/router';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../electron/host/web-host';
import { channelNames, type Handlers } from '../../../electron/shared/contract';
import { createRecordingLogger } from '../../support/logger';

export const rendererDir = mkdtempSync(join(tmpdir(), 'gramdeck-renderer-'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Gramdeck</title>');

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The router behind a test host: every channel echoes its call and records that it ran. */
export async function startEchoHost(
  options: Pick<WebHostOptions, 'schedule' | 'onPageOpen'> = {},
): Promise<{ host: WebHost; events: ReturnType<typeof createEventBus>; calls: string[] }> {
  const events = createEventBus();
  const calls: string[] = [];
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      (args: unknown) => {
        calls.push(channel);
        return Promise.resolve({ channel, args });
      },
    ]),
  ) as unknown as Handlers;
  let origin = '';
  const router = createRouter({
    handlers,
    logger: createRecordingLogger(),
    isTrustedSender: (sender) => sender.transport === 'web' && sender.url === origin,
  });
  const host = await startWebHost({
    router,
    events,
    rendererDir,
    logger: createRecordingLogger(),
    ...options,
  });
  origin = host.origin;
  return { host, events, calls };
}

/** A plain `ws` client, as any process on this machine could run one. */
export function openSocket(host: WebHost, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, { headers });
    ws.once('open', () => {
      resolve(ws);
    });
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`refused with ${res.statusCode ?? 0}`));
    });
    ws.once('error', reject);
  });
}
