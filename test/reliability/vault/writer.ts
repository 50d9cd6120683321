/**
 * The child of the kill test: opens the vault, then writes account updates and data key
 * rotations (passcode changes and new recovery codes, each re-sealing every record under a new
 * key) as fast as it can, printing a line after each one is acknowledged (its promise resolved):
 *   READY                 after unlocking
 *   ACK <account> <n>     after writeAccount(account, version n) resolved
 *   PASSNEXT <passcode>   before changePasscode(…, passcode) starts
 *   PASS <passcode>       after changePasscode(…, passcode) resolved
 *   ROTATED               after regenerateRecoveryCode(passcode) resolved
 * It waits for "GO <dir> <passcode…>" on stdin first, so the parent can pre-start it.
 */
import { createInterface } from 'node:readline';
import { acquireDataDirLock } from '../../../electron/core/launch/data-dir-lock';
import { ACCOUNTS, openReliabilityVault, recordAt, versionOf } from './shared';

async function run(directory: string, passcodes: string[]): Promise<void> {
  await acquireDataDirLock(directory);
  const vault = await openReliabilityVault(directory);
  let passcode = '';
  for (const candidate of passcodes) {
    try {
      await vault.unlock(candidate);
      passcode = candidate;
      break;
    } catch {
      // Try the next candidate: the parent does not know whether the last change landed.
    }
  }
  if (!vault.isUnlocked()) throw new Error('Could not unlock');
  const versions = new Map<string, number>();
  for (const id of ACCOUNTS) {
    try {
      versions.set(id, versionOf(await vault.readAccount(id)));
    } catch {
      versions.set(id, 0);
    }
  }
  process.stdout.write('READY\n');
  for (let step = 0; ; step += 1) {
    // A kill comes within tens of milliseconds: rotations must come early and often to be hit.
    const dice = Math.random();
    if (dice < 0.15) {
      await vault.regenerateRecoveryCode(passcode);
      process.stdout.write('ROTATED\n');
      continue;
    }
    if (dice < 0.3) {
      const next = `pass-${Date.now()}-${step}`;
      process.stdout.write(`PASSNEXT ${next}\n`);
      await vault.changePasscode(passcode, next);
      passcode = next;
      process.stdout.write(`PASS ${next}\n`);
      continue;
    }
    const id = ACCOUNTS[step % ACCOUNTS.length] ?? 'acc0';
    const version = (versions.get(id) ?? 0) + 1;
    await vault.writeAccount(id, recordAt(id, version));
    versions.set(id, version);
    process.stdout.write(`ACK ${id} ${version}\n`);
  }
}

const lines = createInterface({ input: process.stdin });
lines.once('line', (line) => {
  const [command, directory, ...passcodes] = line.trim().split(' ');
  if (command !== 'GO' || !directory) process.exit(2);
  run(directory, passcodes).catch((error: unknown) => {
    process.stderr.write(`writer failed: ${String(error)}\n`);
    process.exit(1);
  });
});
