/**
 * The sandbox DC in its own process for the messages benches (issue 16). Seeds `--accounts`
 * authorized sessions, writes their vault records to `--out`, then on `{ ring: count, text }`
 * makes every seeded account write `count` messages to the next one (the last to the first),
 * a batch per tick, and answers `{ sent }`; `receivers: [from, to)` limits the ring to the
 * accounts whose index is in that range (each still hears from the account before it). On
 * `{ from, to, text }` it sends one message.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startTestDc } from '../../../tools/telegram-dc';
import {
  seededPhone,
  seededScenario,
  seedVaultRecord,
} from '../../reliability/support/seeded-accounts';

const { values } = parseArgs({
  options: { accounts: { type: 'string' }, out: { type: 'string' } },
});
const accounts = Number(values.accounts ?? 0);
const dc = await startTestDc({ scenario: seededScenario(accounts) });
const records = [];
for (let i = 0; i < accounts; i++) records.push(await seedVaultRecord(dc, seededPhone(i)));
writeFileSync(values.out ?? '/dev/null', JSON.stringify(records), { mode: 0o600 });

const tick = () => new Promise((resolve) => setImmediate(resolve));

interface Ask {
  ring?: number;
  receivers?: [number, number];
  from?: number;
  to?: number;
  text: string;
}

process.on('message', (message: Ask) => {
  void (async () => {
    if (message.ring !== undefined) {
      const [first, end] = message.receivers ?? [0, accounts];
      let sent = 0;
      for (let n = 0; n < message.ring; n++) {
        for (let to = first; to < end; to++) {
          const from = (to - 1 + accounts) % accounts;
          dc.control.sendMessage(seededPhone(from), seededPhone(to), message.text);
          sent++;
        }
        await tick();
      }
      process.send?.({ sent });
    } else if (message.from !== undefined && message.to !== undefined) {
      dc.control.sendMessage(seededPhone(message.from), seededPhone(message.to), message.text);
      process.send?.({ sent: 1 });
    }
  })();
});
process.on('disconnect', () => {
  void dc.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, profile: dc.profile() });
