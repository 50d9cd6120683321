import { afterEach, describe, expect, it } from 'vitest';
import { channelNames, type Handlers, type Events } from '../../../electron/shared/contract';
import { AppFailure } from '../../../electron/shared/errors';
import { createRouter, type SenderInfo } from '../../../electron/core/ipc/router';
import { createVaultHandlers } from '../../../electron/core/vault/handlers';
import type { Vault } from '../../../electron/core/vault/vault';
import { FakeCipher } from '../../support/keychain';
import { memoryLogger } from '../../support/logger';
import { makeRecord, openVault, tempDir } from '../../support/vault';

const sender: SenderInfo = { transport: 'web', url: 'http://127.0.0.1' };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const vault: Vault = await openVault({ directory: dir, cipher: new FakeCipher() });
  cleanups.push(() => vault.close());
  const pushed: Array<Events['vault:changed']> = [];
  vault.onEvent(() => pushed.push(vault.status()));
  const unavailable = () => Promise.reject(new AppFailure('UNAVAILABLE', 'Not in this test.'));
  const others = Object.fromEntries(
    channelNames.map((name) => [name, unavailable]),
  ) as unknown as Handlers;
  const handlers: Handlers = { ...others, ...createVaultHandlers(vault) };
  const router = createRouter({ handlers, logger: memoryLogger(), isTrustedSender: () => true });
  return { vault, router, pushed };
}

describe('vault IPC handlers through the router', () => {
  it('runs the passcode lifecycle with envelopes and pushes vault:changed', async () => {
    const { vault, router, pushed } = await setup();
    await vault.writeAccount('a1', makeRecord('a1'));

    const status = await router.dispatch('vault:status', undefined, sender);
    expect(status).toMatchObject({ ok: true, value: { isLocked: false, hasPasscode: false } });

    const short = await router.dispatch('vault:set-passcode', { passcode: '12' }, sender);
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', field: 'passcode' } });

    const set = await router.dispatch('vault:set-passcode', { passcode: 'my passcode' }, sender);
    expect(set.ok).toBe(true);
    const recoveryCode = set.ok ? (set.value as { recoveryCode: string }).recoveryCode : '';
    expect(pushed.at(-1)).toMatchObject({ hasPasscode: true });

    expect(await router.dispatch('vault:lock', undefined, sender)).toMatchObject({
      ok: true,
      value: { isLocked: true },
    });
    expect(pushed.at(-1)).toMatchObject({ isLocked: true });

    const wrong = await router.dispatch('vault:unlock', { passcode: 'nope' }, sender);
    expect(wrong).toMatchObject({
      ok: false,
      error: { code: 'INCORRECT_CODE', field: 'passcode' },
    });
    // Nothing secret in a failure.
    expect(JSON.stringify(wrong)).not.toContain('nope');

    expect(
      await router.dispatch('vault:unlock', { passcode: 'my passcode' }, sender),
    ).toMatchObject({
      ok: true,
      value: { isLocked: false },
    });
    expect(pushed.at(-1)).toMatchObject({ isLocked: false });

    expect(
      await router.dispatch('vault:get-recovery-code', { passcode: 'my passcode' }, sender),
    ).toEqual({ ok: true, value: { recoveryCode } });

    // Regenerating needs the passcode: without it the argument is refused, a wrong one counts.
    expect(
      await router.dispatch('vault:regenerate-recovery-code', undefined, sender),
    ).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(
      await router.dispatch('vault:regenerate-recovery-code', { passcode: 'nope' }, sender),
    ).toMatchObject({ ok: false, error: { code: 'INCORRECT_CODE', field: 'passcode' } });
    const regenerated = await router.dispatch(
      'vault:regenerate-recovery-code',
      { passcode: 'my passcode' },
      sender,
    );
    expect(regenerated.ok).toBe(true);

    const changed = await router.dispatch(
      'vault:change-passcode',
      { currentPasscode: 'my passcode', newPasscode: 'second one' },
      sender,
    );
    expect(changed).toMatchObject({ ok: true, value: { hasPasscode: true } });

    await router.dispatch('vault:lock', undefined, sender);
    const reset = await router.dispatch(
      'vault:reset-with-recovery-code',
      {
        recoveryCode: regenerated.ok
          ? (regenerated.value as { recoveryCode: string }).recoveryCode
          : '',
        newPasscode: 'third one',
      },
      sender,
    );
    expect(reset.ok).toBe(true);
    expect(vault.isUnlocked()).toBe(true);

    expect(await router.dispatch('vault:touch', undefined, sender)).toEqual({
      ok: true,
      value: null,
    });
    expect(
      await router.dispatch('vault:remove-passcode', { passcode: 'third one' }, sender),
    ).toMatchObject({ ok: true, value: { hasPasscode: false } });
    expect(await router.dispatch('vault:accept-weak-storage', undefined, sender)).toMatchObject({
      ok: true,
    });
    // Every status pushed is a status: no secrets.
    for (const status of pushed) {
      expect(Object.keys(status).sort()).toEqual(
        [
          'attention',
          'backend',
          'backendChange',
          'canStoreSessions',
          'hasPasscode',
          'isLocked',
          'isWeak',
          'isWeakStorageAccepted',
          'retryAt',
        ].sort(),
      );
    }
  });

  it('reports rate limiting with retryAfter through the envelope', async () => {
    const { router } = await setup();
    await router.dispatch('vault:set-passcode', { passcode: 'my passcode' }, sender);
    await router.dispatch('vault:lock', undefined, sender);
    let last: unknown;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      last = await router.dispatch('vault:unlock', { passcode: 'bad' }, sender);
    }
    expect(last).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } });
    expect((last as { error: { retryAfter: number } }).error.retryAfter).toBeGreaterThan(0);
  });

  it('counts wrong passcodes for a new recovery code against the unlock limiter', async () => {
    const { router, vault } = await setup();
    await router.dispatch('vault:set-passcode', { passcode: 'my passcode' }, sender);
    const answers: unknown[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      answers.push(
        await router.dispatch('vault:regenerate-recovery-code', { passcode: 'bad' }, sender),
      );
    }
    // The fourth wrong passcode is the first that waits, whether typed here or at unlock.
    await router.dispatch('vault:lock', undefined, sender);
    const fourth = await router.dispatch('vault:unlock', { passcode: 'bad' }, sender);
    expect(answers).toMatchObject([{ ok: false }, { ok: false }, { ok: false }]);
    expect(fourth).toMatchObject({ ok: false, error: { code: 'INCORRECT_CODE', retryAfter: 5 } });
    expect(
      await router.dispatch('vault:unlock', { passcode: 'my passcode' }, sender),
    ).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS', retryAfter: 5 } });
    expect(vault.isUnlocked()).toBe(false);
  });

  it('other channels stay unavailable in this test object', async () => {
    const { router } = await setup();
    expect(await router.dispatch('accounts:list', undefined, sender)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE' },
    });
  });
});
