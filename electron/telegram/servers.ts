/**
 * Where each server profile's data centers are, and how GramJS is made to reach them: GramJS
 * ignores the port stored in the session (it always dials 80, or 443 with WSS), so a connection
 * class that overrides host and port per DC id is passed as the `connection` option. It is used
 * for every sender, including reconnects and other-DC senders, so the override survives them.
 */
import type { ConnectionTCPFull } from 'telegram/network';
import { _serverKeys } from 'telegram/crypto/RSA';
import { returnBigInt } from 'telegram/Helpers';
import type { DcAddress, RsaKey, ServerProfile } from '../shared/server-profile';
import { ownBuffer, releaseReadChunks } from './sender-memory';
import { PushedConnectionTCPFull } from './pushed-transport';

/**
 * Telegram's test servers (for bot developers; numbers 99966XYYYY). Port 443 accepts TCPFull.
 * Their RSA key (fingerprint -5595554452916591101) is already among GramJS's built-in keys.
 */
export const telegramTestDcs: readonly DcAddress[] = [
  { id: 1, host: '149.154.175.10', port: 443 },
  { id: 2, host: '149.154.167.40', port: 443 },
  { id: 3, host: '149.154.175.117', port: 443 },
];

export interface ResolvedServers {
  /** Null for production: GramJS's own DC table and keys apply. */
  dcs: ReadonlyMap<number, DcAddress> | null;
  defaultDcId: number;
}

export function resolveServers(profile: ServerProfile): ResolvedServers {
  switch (profile.kind) {
    case 'production':
      return { dcs: null, defaultDcId: 2 };
    case 'test':
      return { dcs: new Map(telegramTestDcs.map((dc) => [dc.id, dc])), defaultDcId: 2 };
    case 'custom':
      return {
        dcs: new Map(profile.dcs.map((dc) => [dc.id, dc])),
        defaultDcId: profile.defaultDcId,
      };
  }
}

/**
 * Adds a profile's trusted RSA keys to GramJS's key map. The map is per process (GramJS keeps it
 * as module state), which is why this runs in the same process as the clients. Adding a key that
 * is already present is a no-op.
 */
export function trustRsaKeys(keys: readonly RsaKey[]): void {
  for (const key of keys) {
    if (_serverKeys.has(key.fingerprint)) continue;
    _serverKeys.set(key.fingerprint, { n: returnBigInt(BigInt(`0x${key.n}`)), e: key.e });
  }
}

type ConnectionParams = ConstructorParameters<typeof ConnectionTCPFull>[0];

/**
 * Sends each MTProto packet at once. GramJS leaves Nagle's algorithm on, so a request written
 * while its previous small packet (often a bare msgs_ack) is unacknowledged waits for the
 * server's delayed ACK: a steady ~40 ms on every login step (measured by `npm run bench`).
 */
function disableNagle(socket: unknown): void {
  const client = (socket as { client?: { setNoDelay?: (noDelay: boolean) => unknown } }).client;
  client?.setNoDelay?.(true);
}

/** Tells a client's connections that the client was destroyed. */
export interface ConnectionGuard {
  readonly isClosed: () => boolean;
}

/** What one client's connections need: its DC map and its guard. */
interface ConnectionRoute {
  dcs: ReadonlyMap<number, DcAddress> | null;
  guard: ConnectionGuard;
}

/**
 * The route of each client's connections, by the client's GramJS logger: GramJS passes that
 * logger as `loggers` to every connection it makes for the client (the first, other DCs', and
 * the reconnects, which construct `connection.constructor` again).
 */
const routes = new WeakMap<object, ConnectionRoute>();
/** One guarded class per transport class, shared by every client (issue 17). */
const guardedClasses = new Map<typeof ConnectionTCPFull, typeof ConnectionTCPFull>();

function guardedClassOf(base: typeof ConnectionTCPFull): typeof ConnectionTCPFull {
  const known = guardedClasses.get(base);
  if (known) return known;
  class GuardedConnection extends base {
    readonly #guard: ConnectionGuard;

    constructor(params: ConnectionParams) {
      const route = routeOf(params);
      const dc = route.dcs?.get(params.dcId);
      super(dc ? { ...params, ip: dc.host, port: dc.port } : params);
      this.#guard = route.guard;
    }

    override async connect(): Promise<void> {
      if (this.#guard.isClosed()) throw new Error('The client was destroyed.');
      await super.connect();
      disableNagle(this.socket);
      if (this.#guard.isClosed()) {
        await this.disconnect();
        throw new Error('The client was destroyed.');
      }
    }
  }
  const guarded = isPushed(base) ? GuardedConnection : withLoopMemoryFixes(GuardedConnection);
  guardedClasses.set(base, guarded);
  return guarded;
}

function isPushed(base: typeof ConnectionTCPFull): boolean {
  return base === PushedConnectionTCPFull || base.prototype instanceof PushedConnectionTCPFull;
}

/**
 * For a transport read by GramJS's own loops (an MTProxy's): what those loops park between two
 * packets keeps no more memory than the packet. A pushed connection has neither loop nor `_recv`.
 */
function withLoopMemoryFixes(base: typeof ConnectionTCPFull): typeof ConnectionTCPFull {
  return class LoopReadConnection extends base {
    constructor(params: ConnectionParams) {
      super(params);
      releaseReadChunks(this.socket);
    }

    /** Each packet in a buffer of its own: the receive loops hold the last one until the next. */
    override async _recv(): Promise<Buffer | undefined> {
      const packet = (await super._recv()) as Buffer | undefined;
      return packet ? ownBuffer(packet) : packet;
    }
  };
}

function routeOf(params: ConnectionParams): ConnectionRoute {
  const logger = params.loggers as unknown as object | undefined;
  const route = logger ? routes.get(logger) : undefined;
  if (!route) throw new Error('A connection was made for a client without a route.');
  return route;
}

/**
 * The transport for one client: it dials the profile's host:port for each DC id (when the
 * profile has a DC map), and it refuses to connect once the client was destroyed.
 *
 * The refusal works around GramJS 2.26: a destroyed client whose 1 s reconnect timer is pending
 * comes back to life (MTProtoSender._reconnect calls connect(..., force), which clears
 * `userDisconnected`), leaving a second live connection per auth key.
 *
 * Every client shares one class per transport (a class per client made V8's connection code
 * megamorphic and cost memory per account, issue 17); what differs per client (`dcs`, `guard`)
 * is found through the logger GramJS hands each of the client's connections. The function
 * returned is what GramJS constructs: it files the route, then builds the shared class.
 */
export function connectionClassFor<C extends typeof ConnectionTCPFull>(
  base: C,
  dcs: ReadonlyMap<number, DcAddress> | null,
  guard: ConnectionGuard,
): C {
  const Guarded = guardedClassOf(base);
  function RoutedConnection(params: ConnectionParams): ConnectionTCPFull {
    const logger = params.loggers as unknown as object | undefined;
    if (logger) routes.set(logger, { dcs, guard });
    return new Guarded(params);
  }
  // GramJS only ever calls `new` on it; its instances are the shared class's.
  return RoutedConnection as unknown as C;
}
