/**
 * Wrong-passcode and wrong-recovery-code storms: the delays grow, the error says when to try
 * again, the state survives restarts, and the right passcode still works once the delay is over.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppFailure } from '../../electron/shared/errors';
import { openReliabilityVault } from './vault/shared';

describe('attempt storms', () => {
  it('grows delays across passcode and recovery-code storms and restarts', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'gramdeck-storm-'));
    const clock = { time: 1_900_000_000_000, now: () => clock.time };
    const open = () => openReliabilityVault(root, clock);
    try {
      let vault = await open();
      await vault.setPasscode('the right one');
      await vault.lock();

      const delays: number[] = [];
      let refusedEarly = 0;
      let restarts = 0;
      for (let attempt = 0; attempt < 40; attempt += 1) {
        // Restart every few attempts: the limiter must remember.
        if (attempt % 5 === 4) {
          await vault.close();
          vault = await open();
          restarts += 1;
        }
        const useRecovery = attempt % 2 === 1;
        try {
          if (useRecovery) await vault.resetWithRecoveryCode('AAAAA-BBBBB-CCCCC-DDDDD', 'x1234');
          else await vault.unlock(`wrong ${attempt}`);
          throw new Error('A wrong secret was accepted');
        } catch (error) {
          if (!isAppFailure(error)) throw error;
          expect(error.code).toBe('INCORRECT_CODE');
          const retryAfter = error.retryAfter ?? 0;
          delays.push(retryAfter);
          if (retryAfter > 0) {
            expect(error.message).toMatch(/Try again in/);
            expect(vault.status().retryAt).toBe(clock.now() + retryAfter * 1000);
            // Before the delay is over even the right passcode is refused, with the wait.
            const early = await vault.unlock('the right one').catch((caught: unknown) => caught);
            expect(early).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
            expect(isAppFailure(early) && early.retryAfter).toBe(retryAfter);
            refusedEarly += 1;
            clock.time += retryAfter * 1000;
          }
        }
      }
      for (let index = 1; index < delays.length; index += 1) {
        expect(delays[index]).toBeGreaterThanOrEqual(delays[index - 1] ?? 0);
      }
      expect(delays.at(-1)).toBe(3600);
      console.log(
        `[vault-storm] ${JSON.stringify({ attempts: delays.length, restarts, refusedEarly, delays })}`,
      );

      await vault.close();
      vault = await open();
      expect(vault.status().retryAt).toBeNull();
      await vault.unlock('the right one');
      expect(vault.isUnlocked()).toBe(true);
      await vault.lock();
      // Success reset the count: the next mistake carries no delay.
      const next = await vault.unlock('oops').catch((caught: unknown) => caught);
      expect(next).toMatchObject({ code: 'INCORRECT_CODE' });
      expect(isAppFailure(next) && next.retryAfter).toBeUndefined();
      await vault.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
