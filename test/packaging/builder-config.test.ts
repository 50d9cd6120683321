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

const SELF_HOSTED = 'build/electron-builder.self-hosted.ts';
const UPDATE_URL = 'https://updates.example.org/gramdeck';

/** Loads a config with some environment variables set (undefined: unset), then restores them. */
async function loadWith(
  configPath: string,
  env: Record<string, string | undefined>,
): Promise<Configuration> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [key, value] of Object.entries(values)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  };
  apply(env);
  try {
    return await load(configPath);
  } finally {
    apply(saved);
  }
}

const loadSelfHosted = (url: string | undefined, publisherName?: string) =>
  loadWith(SELF_HOSTED, { GRAMDECK_UPDATE_URL: url, GRAMDECK_PUBLISHER_NAME: publisherName });

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
      SELF_HOSTED,
      'build/electron-builder.unsigned.yml',
      'build/electron-builder.e2e.yml',
    ]) {
      const config = await loadWith(file, { GRAMDECK_UPDATE_URL: UPDATE_URL });
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

  it('the e2e variant differs only by the inspector fuse and by building unsigned', async () => {
    const release = await load('electron-builder.yml');
    const e2e = await load('build/electron-builder.e2e.yml');
    expect(e2e.electronFuses).toEqual({ ...releaseFuses, enableNodeCliInspectArguments: true });
    expect(e2e.forceCodeSigning).toBe(false);
    const rest = (config: Configuration) => ({
      ...config,
      extends: null,
      electronFuses: null,
      directories: null,
      forceCodeSigning: null,
    });
    expect(rest(e2e)).toEqual(rest(release));
  });

  it('a release cannot be built unsigned; only the local and e2e variants can', async () => {
    const release = await load('electron-builder.yml');
    expect(release.forceCodeSigning).toBe(true);
    expect((await loadSelfHosted(UPDATE_URL)).forceCodeSigning).toBe(true);
    const unsigned = await load('build/electron-builder.unsigned.yml');
    expect(unsigned.forceCodeSigning).toBe(false);
    expect({ ...unsigned, extends: null, forceCodeSigning: null }).toEqual({
      ...release,
      extends: null,
      forceCodeSigning: null,
    });
    expect((await load('build/electron-builder.e2e.yml')).forceCodeSigning).toBe(false);
  });

  it('npm run release publishes with the signing configuration; npm run dist never publishes', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts['release']).toMatch(
      /electron-builder --config electron-builder\.yml --publish always$/,
    );
    expect(scripts['dist']).toMatch(
      /--config build\/electron-builder\.unsigned\.yml --publish never$/,
    );
    expect(scripts['dist:self-hosted']).toMatch(
      /--config build\/electron-builder\.self-hosted\.ts --publish never$/,
    );
    const publishing = Object.entries(scripts).filter(([, script]) =>
      /electron-builder\b.*--publish (always|onTag|onTagOrDraft)/.test(script),
    );
    expect(publishing.map(([name]) => name)).toEqual(['release']);
  });

  it('pins the Windows publisher whose signature updates must carry, in every variant', async () => {
    const pinned = {
      verifyUpdateCodeSignature: true,
      signtoolOptions: { publisherName: ['CN=Gramdeck team'] },
    };
    for (const config of [
      await load('electron-builder.yml'),
      await load('build/electron-builder.unsigned.yml'),
      await load('build/electron-builder.e2e.yml'),
      await loadSelfHosted(UPDATE_URL),
    ]) {
      expect(config.win).toMatchObject(pinned);
      expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    }
  });

  it('a self-hosted build pins its own publisher when GRAMDECK_PUBLISHER_NAME is set', async () => {
    const config = await loadSelfHosted(UPDATE_URL, 'CN=Example Ltd, O=Example Ltd, C=GB');
    // Replaced, not added to: the Gramdeck publisher is no longer accepted.
    expect(config.win?.signtoolOptions?.publisherName).toEqual(
      'CN=Example Ltd, O=Example Ltd, C=GB',
    );
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(config.win?.verifyUpdateCodeSignature).toBe(true);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
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
    const selfHosted = await loadSelfHosted(UPDATE_URL);
    expect(selfHosted.publish).toEqual([{ provider: 'generic', url: UPDATE_URL }]);
  });

  it.each([
    ['https://updates.example.org/gramdeck/', 'https://updates.example.org/gramdeck'],
    ['  https://updates.example.org/gramdeck  ', 'https://updates.example.org/gramdeck'],
    ['HTTPS://Updates.Example.org:8443/g', 'https://updates.example.org:8443/g'],
  ])('the self-hosted update URL %j is used as %s', async (value, expected) => {
    expect((await loadSelfHosted(value)).publish).toEqual([{ provider: 'generic', url: expected }]);
  });

  it.each([
    ['http://updates.example.org/gramdeck', /must use https, not http/],
    ['HTTP://updates.example.org/gramdeck', /must use https, not http/],
    ['http://127.0.0.1:8080/', /must use https, not http/],
    ['ftp://updates.example.org/', /must use https/],
    ['file:///srv/updates', /must use https/],
    ['updates.example.org/gramdeck', /not a URL/],
    ['https://user:secret@updates.example.org/', /user name or password/],
    ['https://updates.example.org/?token=1', /query or a fragment/],
    ['', /Set GRAMDECK_UPDATE_URL/],
    [undefined, /Set GRAMDECK_UPDATE_URL/],
  ])('the self-hosted config refuses the update URL %j', async (value, message) => {
    await expect(loadSelfHosted(value)).rejects.toThrow(message);
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
