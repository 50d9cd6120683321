/**
 * Builds one GramJS TelegramClient for a connection: the guarded connection class that dials the
 * profile's DC map, the proxy, the session, the routed logger, and the options that keep GramJS
 * from retrying or sleeping on its own. A fresh session gets its auth key off-thread.
 */
import { Api, TelegramClient } from 'telegram';
import { ConnectionTCPFull } from 'telegram/network';
import { ConnectionTCPMTProxyAbridged } from 'telegram/network/connection/TCPMTProxy';
import { StringSession } from 'telegram/sessions';
import { AuthKey } from 'telegram/crypto/AuthKey';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';
import type { ProxyConfig } from '../shared/dto';
import type { Logger, TelegramClientOptions } from '../core/ports';
import { describeForLog } from './errors';
import { RoutedGramLogger } from './logger';
import { handshakeOffThread } from './off-thread-handshake';
import { connectionClassFor, resolveServers, trustRsaKeys } from './servers';

/** Sent in initConnection; shown in the account's session list. */
export interface ClientDevice {
  deviceModel?: string;
  appVersion?: string;
  systemVersion?: string;
}

export interface ClientParts {
  client: TelegramClient;
  gramLogger: RoutedGramLogger;
  /** Makes every transport of this client refuse to connect from now on. */
  close(): void;
  /** The last error GramJS reported (a failed connect reports it here, not to the caller). */
  lastError(): unknown;
}

export function createClient(
  o: TelegramClientOptions,
  device: ClientDevice,
  log: Logger,
): ClientParts {
  const servers = resolveServers(o.profile);
  if (o.profile.kind === 'custom') trustRsaKeys(o.profile.rsaKeys);
  const session = new StringSession(o.session ?? '');
  const proxy = toGramProxy(o.proxy);
  let isClosed = false;
  const guard = { isClosed: () => isClosed };
  const gramLogger = new RoutedGramLogger(log);
  const client = new TelegramClient(session, o.apiId, o.apiHash, {
    connection: connectionClassFor(ConnectionTCPFull, servers.dcs, guard),
    ...(proxy ? { proxy } : {}),
    connectionRetries: 1,
    retryDelay: 1000,
    requestRetries: 2,
    floodSleepThreshold: 0,
    autoReconnect: true,
    baseLogger: gramLogger,
    deviceModel: device.deviceModel ?? 'Gramdeck',
    appVersion: device.appVersion ?? '0.1.0',
    systemVersion: device.systemVersion ?? process.platform,
    langCode: 'en',
    systemLangCode: 'en',
  });
  // GramJS calls getMe() before dispatching every update until it knows the self peer. That
  // extra request hangs while disconnected (blocking connection-state events) and, right after
  // connect, raced the first login call against the test DC. InputPeerSelf is a valid self
  // peer for every API that takes one, so dispatch never needs that call.
  (client as { _selfInputPeer?: unknown })._selfInputPeer = new Api.InputPeerSelf();
  if (proxy && 'MTProxy' in proxy) {
    // GramJS swaps in its MTProxy transport for an MTProxy; guard that one as well.
    // (Its constructor takes a required proxy, which TypeScript will not match to the base's.)
    client._connection = connectionClassFor(
      ConnectionTCPMTProxyAbridged as unknown as typeof ConnectionTCPFull,
      null,
      guard,
    );
  }
  let lastError: unknown = null;
  client.onError = (error: Error) => {
    lastError = error;
    log.log('debug', 'GramJS reported an error', { error: describeForLog(error) });
    return Promise.resolve();
  };
  if (servers.dcs) {
    const dcs = servers.dcs;
    // GramJS resolves DC addresses from help.getConfig and always assumes port 443; for a
    // profile with its own DC map the map is the truth (migration, other-DC senders).
    client.getDC = (dcId: number) => {
      const dc = dcs.get(dcId);
      if (!dc) return Promise.reject(new Error(`DC ${dcId} is not in the server profile`));
      return Promise.resolve({ id: dc.id, ipAddress: dc.host, port: dc.port });
    };
    if (!o.session) {
      const dc = dcs.get(o.dcId ?? servers.defaultDcId) ?? [...dcs.values()][0];
      if (dc) session.setDC(dc.id, dc.host, dc.port);
    }
  }
  return {
    client,
    gramLogger,
    close: () => {
      isClosed = true;
    },
    lastError: () => lastError,
  };
}

/**
 * Gives a fresh session its auth key from a worker thread (see off-thread-handshake.ts), so that
 * `connect()` skips GramJS's in-thread handshake. If the worker fails, GramJS does the handshake
 * itself as before: slower for the other accounts, never a failed login.
 */
export async function pregenerateAuthKey(
  client: TelegramClient,
  o: TelegramClientOptions,
  log: Logger,
  timeoutMs: number,
): Promise<void> {
  const proxy = toGramProxy(o.proxy);
  // GramJS reaches an MTProxy through its own obfuscated transport; that login keeps the
  // in-thread handshake.
  if (proxy && 'MTProxy' in proxy) return;
  const session = client.session;
  const dc = resolveServers(o.profile).dcs?.get(session.dcId);
  try {
    const result = await handshakeOffThread(
      {
        dcId: session.dcId,
        host: dc?.host ?? session.serverAddress,
        // Without a DC map GramJS dials Telegram's port 80 whatever the session says.
        port: dc?.port ?? 80,
        rsaKeys: o.profile.kind === 'custom' ? o.profile.rsaKeys : [],
        ...(proxy && !('MTProxy' in proxy)
          ? { proxy: { ...proxy, socksType: 5 as const, timeout: 10 } }
          : {}),
      },
      timeoutMs,
    );
    const authKey = new AuthKey();
    await authKey.setKey(result.authKey);
    session.setAuthKey(authKey);
  } catch (error) {
    log.log('info', 'The off-thread handshake failed; GramJS will do it in-thread', {
      error: describeForLog(error),
    });
  }
}

/** ProxyConfig → GramJS proxy options (an MTProxy makes GramJS use its obfuscated transport). */
export function toGramProxy(proxy: ProxyConfig | null): ProxyInterface | undefined {
  if (!proxy) return undefined;
  if (proxy.type === 'mtproxy') {
    return { ip: proxy.host, port: proxy.port, secret: proxy.secret, MTProxy: true, timeout: 10 };
  }
  const socks: ProxyInterface = { ip: proxy.host, port: proxy.port, socksType: 5, timeout: 10 };
  if (proxy.username !== undefined) socks.username = proxy.username;
  if (proxy.password !== undefined) socks.password = proxy.password;
  return socks;
}
