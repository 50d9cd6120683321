/**
 * The sandbox DC in its own process for the messages benches (issue 16). Seeds `--accounts`
 * authorized sessions, writes their vault records to `--out`, then on `{ ring: count, text }`
 * makes every seeded account write `count` messages to the next one (the last to the first),
 * a batch per tick, and answers `{ sent }`; on `{ from, to, text }` sends one message.
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

process.on('message', (message: { ring?: number; from?: number; to?: number; text: string }) => {
  void (async () => {
    if (message.ring !== undefined) {
      let sent = 0;
      for (let n = 0; n < message.ring; n++) {
        for (let i = 0; i < accounts; i++) {
          dc.control.sendMessage(seededPhone(i), seededPhone((i + 1) % accounts), message.text);
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
