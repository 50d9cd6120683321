import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, expect, test } from 'vitest';
import { demoAccountLines, type DemoListening } from '../../../scripts/demo-accounts.mjs';

const root = join(import.meta.dirname, '..', '..', '..');

/** The DC's `listening` line, as `npm run demo` reads it from `npm run dc -- --scenario demo`. */
async function listeningLine(): Promise<DemoListening> {
  const child = spawn(
    join(root, 'node_modules', '.bin', 'tsx'),
    [join(root, 'tools/telegram-dc/cli.ts'), '--scenario', 'demo', '--small-primes'],
    { cwd: root, stdio: ['pipe', 'pipe', 'ignore'] },
  );
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      const event = JSON.parse(line) as DemoListening & { event?: string };
      if (event.event === 'listening') return event;
    }
    throw new Error('The DC stopped before its listening line.');
  } finally {
    child.kill('SIGTERM');
  }
}

interface TableRow {
  phone: string;
  text: string;
}

/** The rows of the README's demo table ("| phone | what it shows |"). */
function readmeRows(): TableRow[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('| phone ');
  const table = readme.slice(start, readme.indexOf('\n\n', start));
  return table
    .split('\n')
    .slice(2)
    .map((line) => {
      const [phone = '', text = ''] = line.split('|').slice(1, 3);
      return { phone: phone.trim(), text: text.trim() };
    });
}

let printed: string[];
beforeAll(async () => {
  printed = demoAccountLines(await listeningLine());
});

const phoneOf = (line: string): string => /^\s*(\+\d+)/.exec(line)?.[1] ?? '';

test('the demo prints the numbers of the README table, in its order, flood and blocked included', () => {
  const rows = readmeRows();
  const listed = rows.filter((row) => row.phone.startsWith('+')).map((row) => row.phone);
  expect(printed.map(phoneOf).filter((phone) => phone !== '')).toEqual(listed);
  expect(listed).toEqual(expect.arrayContaining(['+9996620009', '+9996620008']));
  expect(rows.at(-1)?.phone).toBe('other +99966…');
  expect(printed.at(-1)).toContain('Any other +99966… number is not registered yet');
});

test('each number says in the demo what the README says of it', () => {
  const lineFor = (phone: string): string => printed.find((line) => phoneOf(line) === phone) ?? '';
  for (const row of readmeRows().filter((r) => r.phone.startsWith('+'))) {
    const line = lineFor(row.phone);
    for (const password of row.text.match(/[a-z]+-password/g) ?? [])
      expect(line, row.phone).toContain(`2FA password "${password}"`);
    for (const email of row.text.match(/[\w.]+@[\w.]+/g) ?? [])
      expect(line, row.phone).toContain(email);
    const dc = /DC (\d)/.exec(row.text);
    if (dc) expect(line, row.phone).toContain(`DC ${dc[1]}`);
    const wait = /flood wait of (\d+) seconds/.exec(row.text);
    if (wait) expect(line, row.phone).toContain(`a flood wait of ${wait[1]} seconds`);
    if (row.text.includes('blocks for too many attempts'))
      expect(line, row.phone).toContain('blocked for too many attempts');
    if (row.text.includes('without a recovery email') || row.text.includes('no recovery email'))
      expect(line, row.phone).toContain('no recovery email');
  }
  // And the other way: every password the demo prints is in the README's row for that number.
  for (const line of printed) {
    const password = /2FA password "([^"]+)"/.exec(line)?.[1];
    if (password === undefined) continue;
    const row = readmeRows().find((r) => r.phone === phoneOf(line));
    expect(row?.text, phoneOf(line)).toContain(password);
  }
});
