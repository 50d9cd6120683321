/**
 * The sandbox DC in its own process for the benchmarks, so that its CPU work does not show up
 * in the figures of the bench process. Seeds authorized sessions for the seeded accounts it
 * holds, writes their vault records to `--out`, then answers `{ lastCode: phone }` and
 * `{ cpu: true }` (its `process.cpuUsage()`) messages.
 *
 * One shard of a DC split over processes (the restore figure, issue 17): `--shard k --shards K`
 * holds seeded accounts i < `--accounts` with i mod K = k, serves DC `--dc-id` only, and numbers
 * its users from a range of its own so that no two shards share a user id.
 *
 * Figure 16 (issue 17): `{ updates: { periodMs, text } }` starts traffic among the shard's own
 * accounts (support/update-schedule.ts: each receives `text` once per `periodMs` on average,
 * from the one half the list away, spread evenly) and answers `{ started: true }`;
 * `{ stopUpdates: true }` stops it and answers `{ sent }`.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startTestDc } from '../../../tools/telegram-dc';
import {
  seededAccount,
  seededPhone,
  seedVaultRecord,
} from '../../reliability/support/seeded-accounts';
import { updateSchedule, type UpdateSchedule } from './update-schedule';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string' },
    out: { type: 'string' },
    login: { type: 'string' },
    shard: { type: 'string', default: '0' },
    shards: { type: 'string', default: '1' },
    'dc-id': { type: 'string', default: '2' },
    'stored-salts': { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts ?? 0);
const logins = Number(values.login ?? 0);
const shard = Number(values.shard);
const shards = Number(values.shards);
const dcId = Number(values['dc-id']);
/**
 * How often figure 16's sender looks for due messages: each shard's share of 167 a second (10,000
 * accounts, a message each a minute) is one or two a tick.
 */
const updateTickMs = 10;
const indexes = Array.from({ length: accounts }, (_, i) => i).filter((i) => i % shards === shard);
const dc = await startTestDc({
  dcIds: [dcId],
  firstUserId: 100_000_001n + BigInt(shard) * 10_000_000n,
  scenario: {
    name: 'seeded',
    accounts: [
      ...indexes.map((i) => seededAccount(i, dcId)),
      ...Array.from({ length: logins }, (_, i) => ({
        phone: `+99966300${String(i).padStart(2, '0')}`,
        dcId,
        firstName: 'Login',
        code: { types: ['sms' as const, 'call' as const], timeoutSeconds: 1 },
      })),
    ],
    floodRules: [],
  },
});
const records = [];
const withServerSalts = values['stored-salts'];
for (const i of indexes)
  records.push(await seedVaultRecord(dc, seededPhone(i), { withServerSalts }));
writeFileSync(values.out ?? '/dev/null', JSON.stringify(records));
/** Figure 16's traffic while it runs: the schedule and its timer. */
let updates: { schedule: UpdateSchedule; timer: NodeJS.Timeout } | null = null;
const stopUpdates = () => {
  if (!updates) return 0;
  clearInterval(updates.timer);
  const sent = updates.schedule.sent();
  updates = null;
  return sent;
};
process.on(
  'message',
  (message: {
    lastCode?: string;
    cpu?: boolean;
    updates?: { periodMs: number; text: string };
    stopUpdates?: boolean;
  }) => {
    if (message.lastCode) process.send?.({ code: dc.control.lastCode(message.lastCode) ?? null });
    if (message.cpu) process.send?.({ cpu: process.cpuUsage() });
    if (message.updates) {
      stopUpdates();
      const { periodMs, text } = message.updates;
      const schedule = updateSchedule(indexes.length, periodMs);
      const t0 = performance.now();
      const phone = (local: number) => seededPhone(indexes[local] ?? 0);
      const tick = () => {
        for (const { from, to } of schedule.due(performance.now() - t0))
          dc.control.sendMessage(phone(from), phone(to), text);
      };
      updates = { schedule, timer: setInterval(tick, updateTickMs) };
      tick();
      process.send?.({ started: true });
    }
    if (message.stopUpdates) process.send?.({ sent: stopUpdates() });
  },
);
process.on('disconnect', () => {
  void dc.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, profile: dc.profile() });
