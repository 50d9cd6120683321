/**
 * A full disk is reported as DISK_FULL in plain words. The disk cannot be filled safely here, so
 * the file writes of the real code fail with an injected ENOSPC / EDQUOT from `fs.promises.open`
 * handles; everything else (atomic writer, vault, router, core) is real.
 */
import { mkdtempSync, promises, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createGramdeckCore } from '../../../electron/core/app';
import { confStoreFactory } from '../../../electron/core/storage/conf-store';
import { writeAtomic } from '../../../electron/core/vault/atomic-file';
import { AppFailure } from '../../../electron/shared/errors';
import { createFakeGateway } from '../../support/fake-gateway';
import { silentLogger } from '../../support/logger';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gd-disk-full-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** From now on, writing the contents of any new file fails as on a full disk (or quota). */
function fillTheDisk(code: 'ENOSPC' | 'EDQUOT'): void {
  const open = promises.open.bind(promises);
  vi.spyOn(promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
    const handle = await open(...args);
    if (args[1] === 'wx') {
      vi.spyOn(handle, 'writeFile').mockRejectedValue(
        Object.assign(new Error(`${code}: no space left on device, write`), { code }),
      );
    }
    return handle;
  });
}

const diskFull = {
  code: 'DISK_FULL',
  message: 'The disk is full. Free some space and try again.',
};

describe('a full disk', () => {
  test.each(['ENOSPC', 'EDQUOT'] as const)(
    '%s: an atomic write fails with DISK_FULL, keeps the old file and leaves no partial file',
    async (code) => {
      const file = join(dir, 'record.json');
      writeFileSync(file, 'old');
      fillTheDisk(code);
      const error: unknown = await writeAtomic(file, 'new', true).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(AppFailure);
      expect((error as AppFailure).toAppError()).toEqual(diskFull);
      expect(readFileSync(file, 'utf8')).toBe('old');
      expect(readdirSync(dir)).toEqual(['record.json']);
    },
  );

  test('other write errors are not reported as a full disk', async () => {
    const open = promises.open.bind(promises);
    vi.spyOn(promises, 'open').mockImplementation(async (...args: Parameters<typeof open>) => {
      const handle = await open(...args);
      vi.spyOn(handle, 'writeFile').mockRejectedValue(
        Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }),
      );
      return handle;
    });
    await expect(writeAtomic(join(dir, 'x.json'), 'new', true)).rejects.toMatchObject({
      code: 'EIO',
    });
  });

  test('a vault write through the router answers DISK_FULL to the renderer', async () => {
    const core = await createGramdeckCore({
      dataDir: dir,
      transport: 'web',
      app: { version: '0.1.0', platform: 'linux', isPackaged: false },
      storeFactory: confStoreFactory,
      cipher: null,
      gateway: createFakeGateway(),
      sandboxProfile: null,
      updater: null,
      logger: silentLogger,
      isTrustedSender: () => true,
      kdf: { N: 1024 },
    });
    fillTheDisk('ENOSPC');
    const result = await core.router.dispatch(
      'vault:set-passcode',
      { passcode: 'correct horse battery staple' },
      { transport: 'web', url: 'http://127.0.0.1' },
    );
    expect(result).toEqual({ ok: false, error: diskFull });
    const vaultFiles = readdirSync(join(dir, 'vault'), { recursive: true }).map(String);
    expect(vaultFiles.filter((name) => name.includes('.tmp-'))).toEqual([]);
    vi.restoreAllMocks();
    await core.stop();
  });
});
