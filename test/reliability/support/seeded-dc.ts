/**
 * A sandbox DC whose account store the test holds, so that many authorized sessions can be
 * seeded without a login each. A login costs a GramJS handshake (about a second of CPU on these
 * machines); a seeded session is what such a login leaves behind on both sides: an auth key bound
 * to the user on the DC, and a StringSession with the same key for the client.
 *
 * `startTestDc` keeps its store private, so this assembles the same DC from the DC's public
 * modules (AccountStore, Control, DcServer). Clients connect to it exactly as to `startTestDc`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { AuthKey } from 'telegram/crypto/AuthKey';
import { StringSession } from 'telegram/sessions';
import type { AccountRecord } from '../../../electron/core/ports';
import {
  serverProfileSchema,
  type CustomServerProfile,
} from '../../../electron/shared/server-profile';
import { DcConnection } from '../../../tools/telegram-dc/connection';
import { Control } from '../../../tools/telegram-dc/control';
import { authKeyFromSecret } from '../../../tools/telegram-dc/handshake';
import {
  SANDBOX_API_HASH,
  SANDBOX_API_ID,
  type PublicRsaKey,
} from '../../../tools/telegram-dc/index';
import { MsgIdGenerator } from '../../../tools/telegram-dc/msg-id';
import { generateRsaKey } from '../../../tools/telegram-dc/rsa';
import type { DcEndpoint, DcRuntime } from '../../../tools/telegram-dc/runtime';
import type { Scenario, ScenarioAccount } from '../../../tools/telegram-dc/scenario';
import { AccountStore } from '../../../tools/telegram-dc/store';

export interface SeededDcOptions {
  /** Accounts to register as +99966 2 NNNN (DC 2), named "Seed NNNN". */
  accounts: number;
  /** More scenario accounts (e.g. ones to log in for real), registered after the seeded ones. */
  extraAccounts?: ScenarioAccount[];
  floodRules?: Scenario['floodRules'];
  smallPrimes?: boolean;
}

export interface SeededDc {
  dcs: DcEndpoint[];
  rsa: PublicRsaKey;
  control: Control;
  store: AccountStore;
  /** Phones of the seeded accounts, in order. */
  phones: string[];
  profile(): CustomServerProfile;
  /**
   * Every TCP connection a client opened, accepted or refused (during a blackout), with its DC
   * and time: the raw reconnect rate the DC sees.
   */
  readonly dials: { dcId: number; at: number; isRefused: boolean }[];
  /** Resets `count` random open connections (as a flaky network would); returns how many. */
  resetRandomConnections(count: number): number;
  /**
   * Binds a new auth key on DC 2 to `phone`'s account (as a finished login would) and returns
   * the vault record a Gramdeck restore needs.
   */
  seedRecord(phone: string): Promise<AccountRecord>;
  stop(): Promise<void>;
}

export function seededPhone(index: number): string {
  return `+999662${String(index).padStart(4, '0')}`;
}

export async function startSeededDc(options: SeededDcOptions): Promise<SeededDc> {
  if (options.accounts > 10_000) throw new Error('at most 10,000 seeded accounts (+999662NNNN)');
  const phones = Array.from({ length: options.accounts }, (_, i) => seededPhone(i));
  const scenario: Scenario = {
    name: 'seeded',
    accounts: [
      ...phones.map((phone, i) => ({
        phone,
        dcId: 2,
        firstName: 'Seed',
        lastName: String(i).padStart(4, '0'),
      })),
      ...(options.extraAccounts ?? []),
    ],
    floodRules: options.floodRules ?? [],
  };
  const dcIds = [1, 2, 3];
  const store = await AccountStore.create(scenario, dcIds);
  const rsa = generateRsaKey();
  const control = new Control(store);
  const msgIds = new MsgIdGenerator();
  const runtimes: DcRuntime[] = dcIds.map((id) => ({
    id,
    host: '127.0.0.1',
    port: 0,
    store,
    rsa,
    smallPrimes: options.smallPrimes ?? false,
    msgIds,
    control,
    connections: new Set(),
    allDcs: () => runtimes.map((r) => ({ id: r.id, host: r.host, port: r.port })),
    log: () => undefined,
  }));
  const dials: SeededDc['dials'] = [];
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  const closeAll = async () => {
    for (const rt of runtimes) for (const c of [...rt.connections]) c.close();
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  };
  for (const rt of runtimes) {
    // StringSession stores the port as Int16: stay below 32768.
    for (let attempt = 0; ; attempt++) {
      rt.port = 20000 + Math.floor(Math.random() * 12000);
      try {
        servers.push(await listen(rt, sockets, dials));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt > 50) {
          await closeAll();
          throw error;
        }
      }
    }
  }
  control.attach(runtimes);
  const dcs = runtimes.map((r) => ({ id: r.id, host: r.host, port: r.port }));
  const publicKey: PublicRsaKey = { fingerprint: rsa.fingerprint, n: rsa.n, e: rsa.e };
  const profile = () =>
    serverProfileSchema.parse({
      kind: 'custom',
      label: 'Gramdeck sandbox',
      isSandbox: true,
      defaultDcId: 2,
      dcs,
      rsaKeys: [publicKey],
      apiId: SANDBOX_API_ID,
      apiHash: SANDBOX_API_HASH,
    }) as CustomServerProfile;
  const home = dcs.find((d) => d.id === 2);
  if (!home) throw new Error('no DC 2');

  let isStopped = false;
  return {
    dcs,
    rsa: publicKey,
    control,
    store,
    phones,
    profile,
    dials,
    resetRandomConnections(count) {
      const open = runtimes.flatMap((rt) => [...rt.connections]);
      let n = 0;
      for (; n < count && open.length > 0; n++) {
        const [victim] = open.splice(Math.floor(Math.random() * open.length), 1);
        victim?.close();
      }
      return n;
    },
    async seedRecord(phone) {
      const user = store.findByPhone(phone);
      if (!user) throw new Error(`unknown account ${phone}`);
      let secret = randomBytes(256);
      while (secret[0] === 0) secret = randomBytes(256);
      const { key, keyId } = authKeyFromSecret(secret);
      const record = store.addKey(2, keyId, key);
      record.userId = user.id;
      const authKey = new AuthKey();
      await authKey.setKey(key);
      const session = new StringSession('');
      session.setDC(home.id, home.host, home.port);
      session.setAuthKey(authKey);
      return {
        session: session.save(),
        phone: user.phone ?? '',
        userId: user.id.toString(),
        homeDcId: 2,
        serverProfile: profile(),
        apiId: SANDBOX_API_ID,
        apiHash: SANDBOX_API_HASH,
        proxy: null,
        displayName: [user.firstName, user.lastName ?? ''].join(' ').trim(),
        username: null,
        isPremium: false,
        avatar: null,
      };
    },
    async stop() {
      if (isStopped) return;
      isStopped = true;
      control.dispose();
      await closeAll();
    },
  };
}

/** What the DC's own DcServer does, plus a record of every dial. */
function listen(rt: DcRuntime, sockets: Set<Socket>, dials: SeededDc['dials']): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      const isRefused = rt.control.isBlackedOut();
      dials.push({ dcId: rt.id, at: Date.now(), isRefused });
      if (isRefused) {
        socket.destroy();
        return;
      }
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      rt.connections.add(new DcConnection(socket, rt));
    });
    server.once('error', (error) => {
      server.close();
      reject(error);
    });
    server.listen({ host: rt.host, port: rt.port, exclusive: true }, () => {
      resolve(server);
    });
  });
}
