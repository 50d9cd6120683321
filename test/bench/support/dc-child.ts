/**
 * The sandbox DC in its own process for the benchmarks, so that its CPU work does not show up
 * in the event-loop lag measured in the bench process. Seeds `--accounts` authorized sessions,
 * writes their vault records to `--out`, then answers `{ lastCode: phone }` messages.
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
  options: { accounts: { type: 'string' }, out: { type: 'string' }, login: { type: 'string' } },
});
const accounts = Number(values.accounts ?? 0);
const logins = Number(values.login ?? 0);
const dc = await startTestDc({
  scenario: seededScenario(
    accounts,
    Array.from({ length: logins }, (_, i) => ({
      phone: `+99966300${String(i).padStart(2, '0')}`,
      dcId: 2,
      firstName: 'Login',
      code: { types: ['sms', 'call'], timeoutSeconds: 1 },
    })),
  ),
});
const records = [];
for (let i = 0; i < accounts; i++) records.push(await seedVaultRecord(dc, seededPhone(i)));
writeFileSync(values.out ?? '/dev/null', JSON.stringify(records));
process.on('message', (message: { lastCode?: string }) => {
  if (message.lastCode) process.send?.({ code: dc.control.lastCode(message.lastCode) ?? null });
});
process.on('disconnect', () => {
  void dc.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, profile: dc.profile() });
