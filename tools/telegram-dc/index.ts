import { TelegramClient } from 'telegram';
import { Logger } from 'telegram/extensions/Logger';
import { LogLevel } from 'telegram/extensions/Logger';
import { ConnectionTCPFull } from 'telegram/network';
import type { Connection } from 'telegram/network';
import { _serverKeys } from 'telegram/crypto/RSA';
import { returnBigInt } from 'telegram/Helpers';
import { StringSession } from 'telegram/sessions';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient';
import {
  serverProfileSchema,
  type CustomServerProfile,
} from '../../electron/shared/server-profile';
import { DcTime, type DcClock } from './clock';
import { Control } from './control';
import { MsgIdGenerator } from './msg-id';
import { generateRsaKey, type DcRsaKey } from './rsa';
import type { DcEndpoint, DcRuntime } from './runtime';
import { demoScenario, type Scenario } from './scenario';
import { DcServer } from './server';
import {
  DcStateError,
  captureDcState,
  restoreRsaKey,
  restoreStore,
  type DcState,
  type DcStateJson,
} from './state';
import { AccountStore } from './store';

export type {
  Scenario,
  ScenarioAccount,
  ScenarioCodeDelivery,
  ScenarioDialog,
  ScenarioFloodRule,
  ScenarioPeer,
  ScenarioTwoFactor,
  CodeDeliveryType,
} from './scenario';
export { demoScenario, normalizePhone } from './scenario';
export type { DcClock } from './clock';
export type { Control, ControlEvents, DropOptions, FaultEvent, SeededSession } from './control';
export type { DcEndpoint } from './runtime';
export { deriveCode } from './store';
export type { DcState, DcStateJson, DcStatePersister } from './state';
export { DcStateError, persistDcState, readDcState, unusableStateFile } from './state';

/** API credentials the sandbox hands out; the DC accepts any api_id/api_hash anyway. */
export const SANDBOX_API_ID = 94575;
/** See {@link SANDBOX_API_ID}. */
export const SANDBOX_API_HASH = 'a3406de8d171bb422bb6ddf3bbd800e2';

/** Options of {@link startTestDc}. */
export interface StartTestDcOptions {
  /** The world to serve; defaults to {@link demoScenario}. */
  scenario?: Scenario;
  /** Tiny pq factors so GramJS's factorizer finishes instantly (tests). Default false: two ~31-bit primes. */
  smallPrimes?: boolean;
  /** Loopback address to bind (127.0.0.0/8 only). Default 127.0.0.1. */
  host?: string;
  /** DC n listens on basePort + n - 1; default picks free ports in 20000-32000 (StringSession stores ports as Int16). */
  basePort?: number;
  /** DC ids to run; default [1, 2, 3]. */
  dcIds?: number[];
  /** Diagnostics sink; default discards. */
  log?: (line: string) => void;
  /**
   * Where the DC reads time for Telegram's rules (expiries, resend timeouts, flood waits); real
   * time by default. `control.advance(seconds)` moves it further. The transport stays on real time.
   */
  clock?: DcClock;
  /**
   * A saved state to resume (`readDcState`): its accounts, auth keys, RSA key and ports, so
   * clients signed in before the restart still are. Its ports replace `basePort`.
   */
  state?: DcState;
  /**
   * The id of the first user the scenario creates (default 100000001). Several sandboxes that
   * stand for one server (a shard per DC, as the restore bench runs them) each get their own
   * range, so no two of their accounts share an id. A restored state keeps its own ids.
   */
  firstUserId?: bigint;
}

/** The published RSA key (what a client must trust). */
export interface PublicRsaKey {
  fingerprint: string;
  n: string;
  e: number;
}

/** GramJS connection class type. */
export type GramJsConnectionClass = typeof Connection;

/** Helpers to point unmodified GramJS at the sandbox. */
export interface GramJsHelpers {
  /** ConnectionTCPFull whose constructor replaces host/port by the sandbox address of the requested DC. */
  connection: GramJsConnectionClass;
  /** The same override on another GramJS transport (ConnectionTCPAbridged, ConnectionTCPObfuscated). */
  connectionFor(base: typeof ConnectionTCPFull): GramJsConnectionClass;
  /** Adds the sandbox RSA key to GramJS's `_serverKeys` in this process. */
  registerKey(): void;
  /** A TelegramClient on the sandbox with quiet logs, floodSleepThreshold 0 and a few connection retries. */
  newClient(
    session?: string,
    opts?: Partial<TelegramClientParams> & { dcId?: number },
  ): TelegramClient;
}

/** A running sandbox. */
export interface TestDc {
  dcs: DcEndpoint[];
  rsa: PublicRsaKey;
  control: Control;
  scenario: Scenario;
  /** A server profile for Gramdeck's custom-server setting. */
  profile(): CustomServerProfile;
  gramjs: GramJsHelpers;
  /** Everything a restarted DC needs to go on where this one is (for `persistDcState`). */
  snapshot(): DcStateJson;
  /** Closes every socket and timer. */
  stop(): Promise<void>;
}

function assertLoopback(host: string): void {
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host))
    throw new Error(`the sandbox DC binds loopback only, not ${host}`);
}

async function listenAll(
  runtimes: DcRuntime[],
  basePort: number | undefined,
  savedPorts: ReadonlyMap<number, number> | undefined,
): Promise<DcServer[]> {
  const servers: DcServer[] = [];
  for (const [i, rt] of runtimes.entries()) {
    const port = savedPorts?.get(rt.id) ?? (basePort === undefined ? undefined : basePort + i);
    if (port !== undefined) {
      rt.port = port;
      try {
        servers.push(await DcServer.listen(rt));
      } catch (e) {
        await Promise.all(servers.map((s) => s.close()));
        throw e;
      }
      continue;
    }
    for (let attempt = 0; ; attempt++) {
      rt.port = 20000 + Math.floor(Math.random() * 12000);
      try {
        servers.push(await DcServer.listen(rt));
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 50) {
          await Promise.all(servers.map((s) => s.close()));
          throw e;
        }
      }
    }
  }
  return servers;
}

/**
 * Starts a sandbox of MTProto DCs (1, 2, 3 by default) on loopback sharing one account store.
 * Unmodified GramJS logs in against it over TCP once it uses {@link GramJsHelpers.connection}
 * and {@link GramJsHelpers.registerKey}.
 */
export async function startTestDc(options: StartTestDcOptions = {}): Promise<TestDc> {
  const host = options.host ?? '127.0.0.1';
  assertLoopback(host);
  const dcIds = options.dcIds ?? [1, 2, 3];
  if (
    options.basePort !== undefined &&
    (options.basePort < 1 || options.basePort + dcIds.length - 1 > 32767)
  ) {
    throw new Error('ports must be within 1-32767: GramJS StringSession stores the port as Int16');
  }
  const scenario = options.scenario ?? demoScenario;
  const log = options.log ?? ((): void => undefined);
  const time = new DcTime(options.clock);
  const saved = options.state;
  if (saved && saved.dcs.map((d) => d.id).join() !== dcIds.join())
    throw new DcStateError(
      `it runs DCs ${saved.dcs.map((d) => d.id).join(', ')}, not ${dcIds.join(', ')}`,
    );
  const store = saved
    ? await restoreStore(saved, scenario, dcIds, time)
    : await AccountStore.create(scenario, dcIds, time, options.firstUserId);
  const rsa: DcRsaKey = saved ? restoreRsaKey(saved) : generateRsaKey();
  const control = new Control(store);
  const msgIds = new MsgIdGenerator();
  const runtimes: DcRuntime[] = dcIds.map((id) => ({
    id,
    host,
    port: 0,
    store,
    rsa,
    smallPrimes: options.smallPrimes ?? false,
    msgIds,
    control,
    connections: new Set(),
    allDcs: () => runtimes.map((r) => ({ id: r.id, host: r.host, port: r.port })),
    log,
  }));
  const servers = await listenAll(
    runtimes,
    options.basePort,
    saved ? new Map(saved.dcs.map((d) => [d.id, d.port])) : undefined,
  );
  control.attach(runtimes);
  const dcs = runtimes.map((r) => ({ id: r.id, host: r.host, port: r.port }));
  const defaultDc = dcs.find((d) => d.id === 2) ?? dcs[0];
  if (!defaultDc) throw new Error('no DCs');
  const publicKey: PublicRsaKey = { fingerprint: rsa.fingerprint, n: rsa.n, e: rsa.e };

  const connectionFor = (base: typeof ConnectionTCPFull): GramJsConnectionClass => {
    class SandboxConnection extends base {
      constructor(params: ConstructorParameters<typeof ConnectionTCPFull>[0]) {
        // GramJS dials port 80/443 of whatever address its config names; redirect per DC id.
        // Unknown ids (GramJS starts on DC 4 without a session) go to the default DC.
        const dc = dcs.find((d) => d.id === params.dcId) ?? defaultDc;
        super({ ...params, ip: dc?.host ?? host, port: dc?.port ?? 0 });
      }
    }
    return SandboxConnection;
  };
  const connection = connectionFor(ConnectionTCPFull);

  const registerKey = (): void => {
    _serverKeys.set(publicKey.fingerprint, {
      n: returnBigInt(BigInt('0x' + publicKey.n)),
      e: publicKey.e,
    });
  };

  const newClient = (
    session = '',
    opts: Partial<TelegramClientParams> & { dcId?: number } = {},
  ): TelegramClient => {
    registerKey();
    const s = new StringSession(session);
    if (!session) {
      const dc = dcs.find((d) => d.id === (opts.dcId ?? 2)) ?? defaultDc;
      s.setDC(dc.id, dc.host, dc.port);
    }
    const { dcId: _ignored, ...clientOpts } = opts;
    const client = new TelegramClient(s, SANDBOX_API_ID, SANDBOX_API_HASH, {
      connection,
      connectionRetries: 3,
      retryDelay: 200,
      floodSleepThreshold: 0,
      baseLogger: new Logger(LogLevel.NONE),
      deviceModel: 'Sandbox test',
      systemVersion: 'test',
      appVersion: '1.0',
      ...clientOpts,
    });
    client.setLogLevel(LogLevel.NONE);
    return client;
  };

  let stopped = false;
  return {
    dcs,
    rsa: publicKey,
    control,
    scenario,
    profile: () =>
      serverProfileSchema.parse({
        kind: 'custom',
        label: 'Gramdeck sandbox',
        isSandbox: true,
        defaultDcId: defaultDc.id,
        dcs,
        rsaKeys: [publicKey],
        apiId: SANDBOX_API_ID,
        apiHash: SANDBOX_API_HASH,
      }) as CustomServerProfile,
    gramjs: { connection, connectionFor, registerKey, newClient },
    snapshot: () => captureDcState(store, rsa, dcs),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      control.dispose();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
