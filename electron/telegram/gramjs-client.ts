/**
 * Builds one GramJS TelegramClient for a connection: the guarded connection class that dials the
 * profile's DC map, the proxy, the session, the routed logger, and the options that keep GramJS
 * from retrying or sleeping on its own. Every handshake the client needs (a fresh session, a
 * PHONE_MIGRATE or QR move to another DC, a sender for files on another DC) runs in the warm
 * handshake worker (off-thread-handshake.ts), not on the main thread.
 */
import { Api, TelegramClient } from 'telegram';
import { RPCError } from 'telegram/errors';
import { returnBigInt } from 'telegram/Helpers';
import type { ConnectionTCPFull, MTProtoSender } from 'telegram/network';
import { ConnectionTCPMTProxyAbridged } from 'telegram/network/connection/TCPMTProxy';
import { StringSession } from 'telegram/sessions';
import { AuthKey } from 'telegram/crypto/AuthKey';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy';
import type { ProxyConfig } from '../shared/dto';
import type { Logger, TelegramClientOptions } from '../core/ports';
import { describeForLog } from './errors';
import { ownBuffer } from './sender-memory';
import { fixEveryMainSender, fixSender } from './sender-fixes';
import { RoutedGramLogger } from './logger';
import type { HandshakeTarget, HandshakeWorker } from './off-thread-handshake';
import { PushedConnectionTCPFull } from './pushed-transport';
import { connectionClassFor, resolveServers, trustRsaKeys, type ResolvedServers } from './servers';
import { installNativeLongs } from './native-longs';
import { installMessageCrypto } from './message-crypto';
import { installTlReaders } from './tl-reader';
import { randomBytesOf } from './random-pool';
import { saltValidAt, startWithMainSalt, startWithSalt } from './server-salts';
import type { KeepAlive, KeepAliveTarget } from './keep-alive';

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
  /**
   * The account's own user, as the first connect of a stored session asked for it inside
   * `initConnection` (`askSelfInFirstConnect`); null for a new session, or once taken.
   */
  takeSelfFromConnect(): Api.User | null;
}

/** The handshake worker a client uses, and how long one handshake may take there. */
export interface ClientHandshakes {
  worker: HandshakeWorker;
  timeoutMs: number;
}

export function createClient(
  o: TelegramClientOptions,
  device: ClientDevice,
  log: Logger,
  handshakes: ClientHandshakes,
  keepAlive: KeepAlive,
): ClientParts {
  const servers = resolveServers(o.profile);
  if (o.profile.kind === 'custom') trustRsaKeys(o.profile.rsaKeys);
  const session = new StringSession(o.session ?? '');
  keepOneEntityRowPerPeer(session);
  // The stored key is a slice of the decoded session string: kept alone, it kept its slab.
  const storedKey = session as unknown as { _key?: Buffer };
  if (storedKey._key) storedKey._key = ownBuffer(storedKey._key);
  const proxy = toGramProxy(o.proxy);
  let isClosed = false;
  const guard = { isClosed: () => isClosed };
  const gramLogger = new RoutedGramLogger(log);
  const client = new TelegramClient(session, o.apiId, o.apiHash, {
    connection: connectionClassFor(PushedConnectionTCPFull, servers.dcs, guard),
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
  // The stored session's key is the first sender's: a salt kept for it spares a bad_server_salt.
  const storedSalt = o.session ? saltValidAt(o.serverSalts ?? [], Date.now() / 1000) : null;
  let isFirstSender = true;
  fixEveryMainSender(client, (sender) => {
    if (isFirstSender && storedSalt) startWithSalt(sender, storedSalt);
    isFirstSender = false;
  });
  installNativeLongs();
  installMessageCrypto();
  installTlReaders();
  moveHandshakesOffThread(client, o, servers.dcs, log, handshakes);
  // GramJS starts its own ping loop on the first connect unless one runs: the gateway's one
  // keep-alive pings this client instead (keep-alive.ts says why).
  (client as unknown as { _loopStarted: boolean })._loopStarted = true;
  const unwatch = keepAlive.watch(keepAliveTargetOf(client, log));
  const takeSelfFromConnect = o.session ? askSelfInFirstConnect(client) : () => null;
  return {
    client,
    gramLogger,
    close: () => {
      isClosed = true;
      unwatch();
    },
    lastError: () => lastError,
    takeSelfFromConnect,
  };
}

/** What `askSelfInFirstConnect` changes of GramJS's client and sender (private there). */
interface InitInternals {
  _initRequest: { query: unknown };
  _lastRequest?: number;
  _sender?: { send(request: unknown): Promise<unknown> };
}

/**
 * Makes the first `connect()` of a stored session ask for the account's own user
 * (`users.getUsers([inputUserSelf])`) inside its `initConnection`, where GramJS asks for
 * `help.getConfig` and drops the answer. The `getMe` that follows every connect of a stored
 * session then needs no request of its own: one round trip and one request and answer fewer per
 * account restored or imported (issue 17). Telegram takes any method inside `initConnection`.
 *
 * When Telegram refuses that question (a revoked key, a deactivated account, ...), the connect
 * sends `initConnection` again with `help.getConfig`, as GramJS would have: the connection is
 * initialised and `connect()` succeeds as before, and the `getMe` or standing check that follows
 * meets the refusal in its own call, where the callers handle it. Only a stored session asks: a
 * new one has no user yet.
 *
 * GramJS sets the query just before it sends `invokeWithLayer(initConnection)` on its sender,
 * which it has made by then: the setter swaps the query and catches that one send's answer.
 */
function askSelfInFirstConnect(gramClient: TelegramClient): () => Api.User | null {
  const client = gramClient as unknown as InitInternals;
  const init = client._initRequest;
  let query = init.query;
  let isAsked = false;
  let self: Api.User | null = null;
  Object.defineProperty(init, 'query', {
    configurable: true,
    enumerable: true,
    get: () => query,
    set: (next: unknown) => {
      const sender = client._sender;
      if (isAsked || !(next instanceof Api.help.GetConfig) || !sender) {
        query = next;
        return;
      }
      isAsked = true;
      const request = new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });
      query = request;
      const send = sender.send.bind(sender);
      const ownSend = Object.getOwnPropertyDescriptor(sender, 'send');
      sender.send = (wrapped: unknown) => {
        // Once: the sender's own method serves every later request.
        if (ownSend) Object.defineProperty(sender, 'send', ownSend);
        else delete (sender as Partial<typeof sender>).send;
        // A request of the client's own, as `invoke` marks one: the keep-alive then has no
        // reason to ask for updates.getState to keep updates coming.
        client._lastRequest = Date.now();
        // GramJS's connect() awaits this answer: `self` is set before it goes on.
        return send(wrapped).then(
          (users) => {
            const [me] = Array.isArray(users) ? (users as unknown[]) : [];
            if (me instanceof Api.User) self = me;
            return users;
          },
          (error: unknown) => {
            if (!(error instanceof RPCError)) throw error;
            query = next;
            return send(wrapped);
          },
        );
      };
    },
  });
  return () => {
    const taken = self;
    self = null;
    return taken;
  };
}

/** What the keep-alive drives of GramJS's client and sender (private there). */
interface KeepAliveInternals {
  _isSwitchingDc?: boolean;
  _lastRequest?: number;
  _sender?: {
    isReconnecting: boolean;
    isConnected(): boolean;
    send(request: Api.PingDelayDisconnect): Promise<unknown>;
    reconnect(): void;
    _pendingAck: Set<unknown>;
    _sendQueue: { setReady?: (isReady: boolean) => void };
  };
}

/**
 * The keep-alive's view of one client. Pings go through the sender, as GramJS's own loop sent
 * them: not `invoke`, which would count a ping as the client's last request. Waking the send
 * loop makes GramJS append its pending acknowledgements and send them on their own.
 */
function keepAliveTargetOf(gramClient: TelegramClient, log: Logger): KeepAliveTarget {
  const client = gramClient as unknown as KeepAliveInternals;
  return {
    isReady: () => {
      const sender = client._sender;
      return !!sender && sender.isConnected() && !sender.isReconnecting && !client._isSwitchingDc;
    },
    ping: (disconnectDelay) => {
      const sender = client._sender;
      if (!sender) return Promise.reject(new Error('no sender'));
      const pingId = returnBigInt(randomBytesOf(8).readBigInt64LE(0));
      return sender.send(new Api.PingDelayDisconnect({ pingId, disconnectDelay }));
    },
    reconnect: () => {
      log.log('info', 'A ping went unanswered for a whole interval; reconnecting');
      client._sender?.reconnect();
    },
    flushAcks: () => {
      const sender = client._sender;
      if (sender?._pendingAck.size) sender._sendQueue.setReady?.(true);
    },
    lastRequestAt: () => client._lastRequest ?? 0,
    requestState: () => gramClient.invoke(new Api.updates.GetState()).catch(() => undefined),
  };
}

/** What this file reads of GramJS's internals (hidden in its typings or private there). */
interface SenderInternals {
  authKey: MTProtoSender['authKey'];
  _authenticated: boolean;
  _state: { timeOffset: number };
  _authKeyCallback?: (authKey: MTProtoSender['authKey'], dcId: number) => Promise<void>;
  connect(connection: ConnectionInternals, force?: boolean): Promise<boolean>;
}
interface ConnectionInternals {
  _ip: string;
  _port: number;
  _dcId: number;
  _proxy?: ProxyInterface;
}

/**
 * Routes every handshake of `client` through the handshake worker. GramJS makes a key in
 * `MTProtoSender._connect` when its sender has none: for the main sender on `connect()` (a fresh
 * session, and `_switchDC` after PHONE_MIGRATE or a QR LoginTokenMigrateTo, which clears the key
 * and connects again), and for senders to other DCs (`_borrowExportedSender` →
 * `_createExportedSender`, files on another DC). Both get their key from the worker first, so
 * GramJS skips its in-thread handshake. If the worker fails, GramJS does the handshake itself as
 * before: slower for the other accounts, never a failed connection.
 */
function moveHandshakesOffThread(
  client: TelegramClient,
  o: TelegramClientOptions,
  dcs: ResolvedServers['dcs'],
  log: Logger,
  handshakes: ClientHandshakes,
): void {
  const rsaKeys = o.profile.kind === 'custom' ? o.profile.rsaKeys : [];
  const makeKey = async (
    dcId: number,
    host: string,
    port: number,
    proxy: ProxyInterface | undefined,
  ): Promise<{ key: AuthKey; timeOffset: number } | null> => {
    // GramJS reaches an MTProxy through its own obfuscated transport; that handshake stays
    // in-thread.
    if (proxy && 'MTProxy' in proxy) return null;
    const target: HandshakeTarget = {
      dcId,
      host,
      port,
      rsaKeys,
      ...(proxy
        ? { proxy: { ...proxy, socksType: 5 as const, timeout: proxy.timeout ?? 10 } }
        : {}),
    };
    try {
      const result = await handshakes.worker.run(target, handshakes.timeoutMs);
      const key = new AuthKey();
      await key.setKey(result.authKey);
      return { key, timeOffset: result.timeOffset };
    } catch (error) {
      log.log('info', 'The off-thread handshake failed; GramJS will do it in-thread', {
        error: describeForLog(error),
      });
      return null;
    }
  };

  const connect = client.connect.bind(client);
  client.connect = async () => {
    const session = client.session;
    // A StringSession holds its stored key apart until load() (which connect() runs first):
    // load it now, or every restored or imported account would make a new key it then drops.
    await session.load();
    if (!client._sender && !session.getAuthKey()?.getKey()) {
      const dc = dcs?.get(session.dcId);
      // Without a DC map GramJS dials Telegram's port 80 whatever the session says.
      const made = await makeKey(
        session.dcId,
        dc?.host ?? session.serverAddress,
        dc?.port ?? 80,
        toGramProxy(o.proxy),
      );
      if (made) session.setAuthKey(made.key);
    }
    return connect();
  };

  const createExportedSender = client._createExportedSender.bind(client);
  client._createExportedSender = (dcId: number) => {
    const sender = createExportedSender(dcId);
    const internals = sender as unknown as SenderInternals;
    const senderConnect = internals.connect.bind(sender);
    fixSender(sender);
    // The home DC's files come through a sender on the main key: the main salt is valid there.
    if (dcId === client.session.dcId) startWithMainSalt(sender, client._sender);
    internals.connect = async (connection, force) => {
      if (internals.authKey.getKey()) return senderConnect(connection, force);
      const made = await makeKey(
        connection._dcId,
        connection._ip,
        connection._port,
        connection._proxy,
      );
      if (made) {
        await internals.authKey.setKey(made.key.getKey());
        internals._state.timeOffset = made.timeOffset;
        await internals._authKeyCallback?.(internals.authKey, dcId);
      }
      const isConnected = await senderConnect(connection, force);
      // With a key GramJS takes the sender for an authorized one; a new key on another DC still
      // needs the exported authorization that _connectSender imports when this is false.
      if (made) internals._authenticated = false;
      return isConnected;
    };
    return sender;
  };
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

/** What this file reads of GramJS's MemorySession (private there). */
interface EntityRows {
  _entities: Set<unknown[]>;
  _entitiesToRows(tlo: unknown): unknown[][];
  processEntities(tlo: unknown): void;
}

/**
 * GramJS 2.26's MemorySession keeps its entity rows in a Set of fresh arrays: every call's result
 * and every update adds the same users and chats again, so a client grew with its traffic (about
 * 0.9 KB per message an idle account received, figure 14). One row per peer id is kept instead;
 * lookups (by id, username or phone) read the same Set as before.
 */
export function keepOneEntityRowPerPeer(session: StringSession): void {
  const rows = session as unknown as EntityRows;
  const byId = new Map<string, unknown[]>();
  rows.processEntities = (tlo: unknown) => {
    for (const row of rows._entitiesToRows(tlo)) {
      const id = String(row[0]);
      const old = byId.get(id);
      if (old) rows._entities.delete(old);
      rows._entities.add(row);
      byId.set(id, row);
    }
  };
}
