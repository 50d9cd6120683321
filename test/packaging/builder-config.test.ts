/**
 * The installer configuration as electron-builder itself resolves it (its own loader, `extends`
 * chains and schema validation), for the release build and both variants in build/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration, FuseOptionsV1 } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function load(configPath: string): Promise<Configuration> {
  return getConfig(root, join(root, configPath), null);
}

/** Every fuse, set explicitly: the release values. */
const releaseFuses = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  loadBrowserProcessSpecificV8Snapshot: false,
  grantFileProtocolExtraPrivileges: false,
} as const satisfies Required<Omit<FuseOptionsV1, 'resetAdHocDarwinSignature'>>;

const targetNames = (value: unknown): string[] =>
  (Array.isArray(value) ? value : [value]).map((target: unknown) =>
    typeof target === 'string' ? target : (target as { target: string }).target,
  );

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation, with its variants', async () => {
    for (const file of [
      'electron-builder.yml',
      'build/electron-builder.self-hosted.yml',
      'build/electron-builder.e2e.yml',
    ]) {
      const config = await load(file);
      await expect(
        validateConfiguration(config, new DebugLogger(false)),
        file,
      ).resolves.toBeUndefined();
    }
  });

  it('names the app and says it is unofficial', async () => {
    const config = await load('electron-builder.yml');
    expect(config.appId).toBe('app.gramdeck.desktop');
    expect(config.productName).toBe('Gramdeck');
    expect(config.linux?.description).toMatch(/unofficial Telegram/i);
    expect(config.nsis?.uninstallDisplayName).toMatch(/unofficial Telegram/i);
    expect(config.win?.legalTrademarks).toMatch(/not affiliated with Telegram/i);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      description: string;
    };
    expect(manifest.description).toMatch(/unofficial/i);
  });

  it('sets every Electron fuse explicitly', async () => {
    const config = await load('electron-builder.yml');
    expect(config.electronFuses).toEqual(releaseFuses);
  });

  it('the e2e variant differs only by the inspector fuse', async () => {
    const release = await load('electron-builder.yml');
    const e2e = await load('build/electron-builder.e2e.yml');
    expect(e2e.electronFuses).toEqual({ ...releaseFuses, enableNodeCliInspectArguments: true });
    const rest = (config: Configuration) => ({
      ...config,
      extends: null,
      electronFuses: null,
      directories: null,
    });
    expect(rest(e2e)).toEqual(rest(release));
  });

  it('packs an asar from an allowlist of files', async () => {
    const config = await load('electron-builder.yml');
    expect(config.asar).toBe(true);
    const files = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    expect(files.slice(0, 2)).toEqual(['package.json', 'out/**']);
    expect(files).toEqual(
      expect.arrayContaining([
        '!out/**/*.map',
        '!out/main/host.{js,cjs}',
        '!**/*.{ts,tsx,mts,cts,map}',
      ]),
    );
  });

  it('builds a per-user NSIS installer whose folder can be changed', async () => {
    const config = await load('electron-builder.yml');
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
    });
  });

  it('builds dmg and zip (the zip is what auto-update downloads) with the hardened runtime', async () => {
    const config = await load('electron-builder.yml');
    expect(targetNames(config.mac?.target)).toEqual(['dmg', 'zip']);
    expect(config.mac?.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(join(root, config.mac?.entitlements ?? 'missing'), 'utf8');
    const keys = [...entitlements.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]);
    expect(keys).toEqual(['com.apple.security.cs.allow-jit']);
  });

  it('builds AppImage and deb in the instant messaging category', async () => {
    const config = await load('electron-builder.yml');
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Network;InstantMessaging');
  });

  it('publishes to GitHub releases, or to GRAMDECK_UPDATE_URL when self-hosted', async () => {
    const release = await load('electron-builder.yml');
    expect(release.publish).toEqual({
      provider: 'github',
      owner: 'gramdeck',
      repo: 'gramdeck',
      releaseType: 'release',
    });
    const selfHosted = await load('build/electron-builder.self-hosted.yml');
    // The macro is expanded by electron-builder when it resolves the publish configuration
    // (asar-contents.test.ts checks the resulting app-update.yml).
    expect(selfHosted.publish).toEqual([
      { provider: 'generic', url: '${env.GRAMDECK_UPDATE_URL}' },
    ]);
  });

  it('ships real icons', () => {
    const size = (file: string) => {
      const png = readFileSync(join(root, 'build', file));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size('icon.png')).toEqual([512, 512]);
    expect(size('icons/512x512.png')).toEqual([512, 512]);
    expect(size('icons/256x256.png')).toEqual([256, 256]);
    expect(existsSync(join(root, 'build', 'icons', '32x32.png'))).toBe(true);
  });
});
