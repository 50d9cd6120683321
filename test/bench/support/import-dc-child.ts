/**
 * The sandbox DC in its own process for the import bench (its CPU work stays out of the lag
 * measured in the bench process). Starts `--accounts` seeded accounts, mints a session of each
 * through the DC's control channel, writes them to `--out` as text, one a line, the formats in
 * turn (GramJS, Telethon, Pyrogram, mtcute), then waits to be disconnected.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startTestDc } from '../../../tools/telegram-dc';
import { seededPhone, seededScenario } from '../../reliability/support/seeded-accounts';

const { values } = parseArgs({
  options: { accounts: { type: 'string' }, out: { type: 'string' } },
});
const accounts = Number(values.accounts ?? 0);
const dc = await startTestDc({ scenario: seededScenario(accounts) });
const formats = ['gramjs', 'telethon', 'pyrogram', 'mtcute'] as const;
const lines: string[] = [];
for (let i = 0; i < accounts; i++) {
  const minted = await dc.control.mintSessions(seededPhone(i));
  lines.push(minted[formats[i % formats.length] ?? 'gramjs']);
}
writeFileSync(values.out ?? '/dev/null', lines.join('\n'), { mode: 0o600 });
process.on('disconnect', () => {
  void dc.stop().then(() => process.exit(0));
});
process.send?.({ ready: true, profile: dc.profile() });
