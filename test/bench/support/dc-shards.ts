/**
 * The sandbox DC split over `shards` processes for the restore figure (issue 17): shard k serves
 * DC k + 1 on its own port and holds the seeded accounts i with i mod shards = k, so the DC's
 * work spreads over the cores instead of queueing in one process. The shards' DCs merge into one
 * server profile; every vault record carries that profile and its account's home DC, and an
 * account talks only to its home DC during a restore.
 */
import type { AccountRecord } from '../../../electron/core/ports';
import type { CustomServerProfile } from '../../../electron/shared/server-profile';
import { forkDcChild, type DcChild } from './dc-child-process';

export interface DcShards {
  /** One profile listing every shard's DC and RSA key. */
  profile: CustomServerProfile;
  /** Seeded account i's vault record, in index order. */
  records: AccountRecord[];
  /** The shards' CPU time so far (user + system, summed over the shards), in ms. */
  cpuMs(): Promise<number>;
  /**
   * Figure 16: every shard starts sending `text` among its own accounts, each receiving one
   * message per `periodMs` on average (dc-child.ts, update-schedule.ts).
   */
  startUpdates(periodMs: number, text: string): Promise<void>;
  /** Stops the traffic; how many messages the shards sent in all. */
  stopUpdates(): Promise<number>;
  stop(): void;
}

/** At most 8: a server profile trusts at most 8 RSA keys, and each shard makes its own. */
export const maxDcShards = 8;

/**
 * `storedSalts`: each record carries the server salts a Gramdeck that used the session within
 * the last day would have kept (a launch's common case); without, the records of a first launch
 * after the salts ran out, or of a Gramdeck that kept none.
 */
export async function startDcShards(
  accounts: number,
  shards: number,
  storedSalts: boolean,
): Promise<DcShards> {
  if (!Number.isInteger(shards) || shards < 1 || shards > maxDcShards)
    throw new Error(`--dc-shards takes 1 to ${maxDcShards}, not ${shards}`);
  const children: DcChild[] = await Promise.all(
    Array.from({ length: shards }, (_, k) =>
      forkDcChild('dc-child.ts', [
        ...['--accounts', String(accounts), '--shard', String(k), '--shards', String(shards)],
        ...['--dc-id', String(k + 1)],
        ...(storedSalts ? ['--stored-salts'] : []),
      ]),
    ),
  );
  const [first] = children;
  if (!first) throw new Error('no DC shard started');
  const profile: CustomServerProfile = {
    ...first.profile,
    dcs: children.flatMap((c) => c.profile.dcs),
    rsaKeys: children.flatMap((c) => c.profile.rsaKeys),
  };
  const perShard = children.map((c) => JSON.parse(c.output) as AccountRecord[]);
  const records = Array.from({ length: accounts }, (_, i) => {
    const record = perShard[i % shards]?.[Math.floor(i / shards)];
    if (!record) throw new Error(`DC shard ${i % shards} did not seed account ${i}`);
    return { ...record, serverProfile: profile };
  });
  return {
    profile,
    records,
    cpuMs: async () => {
      const usages = await Promise.all(
        children.map((c) => c.ask<{ cpu: NodeJS.CpuUsage }>({ cpu: true })),
      );
      return usages.reduce((sum, u) => sum + (u.cpu.user + u.cpu.system) / 1000, 0);
    },
    startUpdates: async (periodMs, text) => {
      await Promise.all(children.map((c) => c.ask({ updates: { periodMs, text } })));
    },
    stopUpdates: async () => {
      const sent = await Promise.all(
        children.map((c) => c.ask<{ sent: number }>({ stopUpdates: true })),
      );
      return sent.reduce((sum, s) => sum + s.sent, 0);
    },
    stop: () => {
      for (const c of children) c.stop();
    },
  };
}
