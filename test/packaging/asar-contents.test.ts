/**
 * Packs the app with electron-builder (Linux, `dir` target) and inspects the result. No Electron
 * binary can be downloaded here, so `electronDist` points at a stand-in folder whose `electron`
 * file carries a real fuse wire (the sentinel @electron/fuses looks for, then the fuse bytes):
 * electron-builder copies it, renames it and flips the fuses exactly as it would the real
 * binary, and the test reads the flipped bytes back.
 *
 * Not covered here: dmg/zip/NSIS/AppImage/deb targets, code signing (and so `forceCodeSigning`,
 * which only Windows and macOS builds enforce; builder-config.test.ts checks where it is set),
 * and the ASAR integrity hash (electron-builder embeds it only on macOS and Windows).
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPackage } from '@electron/asar';
import { Arch, build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults, so that every flip shows: RunAsNode on, cookie encryption off, ... */
const UNFLIPPED_WIRE = '10110001';
const FUSES = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;

let work: string;
let dist: string;

/** A stand-in for an unpacked Linux Electron: what electron-builder copies and renames. */
function makeFakeElectronDist(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  mkdirSync(join(dir, 'locales'), { recursive: true });
  writeFileSync(join(dir, 'locales', 'en-US.pak'), 'fake');
  writeFileSync(join(dir, 'version'), '45.4.1');
  writeFileSync(join(dir, 'LICENSE'), 'MIT');
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "not Electron"\nexit 1\n\0'),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, FUSES.length]),
    Buffer.from(UNFLIPPED_WIRE, 'latin1'),
  ]);
  writeFileSync(join(dir, 'electron'), binary);
  chmodSync(join(dir, 'electron'), 0o755);
}

function readFuses(binaryPath: string): Record<(typeof FUSES)[number], boolean> {
  const bytes = readFileSync(binaryPath);
  const at = bytes.indexOf(SENTINEL, 0, 'latin1') + SENTINEL.length;
  expect(bytes[at], 'fuse wire version').toBe(1);
  const wire = bytes.subarray(at + 2, at + 2 + FUSES.length).toString('latin1');
  return Object.fromEntries(FUSES.map((name, i) => [name, wire[i] === '1'])) as Record<
    (typeof FUSES)[number],
    boolean
  >;
}

/** Packs with a throw-away config that extends `parent` and points at the fake Electron. */
async function pack(
  name: string,
  parent: string,
  env: Record<string, string> = {},
): Promise<string> {
  const output = join(work, name);
  const config = join(work, `${name}.yml`);
  writeFileSync(
    config,
    [`extends: ${parent}`, `electronDist: ${dist}`, 'directories:', `  output: ${output}`, ''].join(
      '\n',
    ),
  );
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  try {
    await build({
      projectDir: root,
      config,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
    });
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
  }
  return join(output, 'linux-unpacked');
}

let release: string;
let asarFiles: string[];

beforeAll(async () => {
  if (
    !existsSync(join(root, 'out', 'main', 'main.js')) ||
    !existsSync(join(root, 'out', 'renderer', 'index.html'))
  ) {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'ignore' });
  }
  work = mkdtempSync(join(tmpdir(), 'gramdeck-pack-'));
  dist = join(work, 'electron-dist');
  makeFakeElectronDist(dist);
  release = await pack('release', 'electron-builder.yml');
  asarFiles = listPackage(join(release, 'resources', 'app.asar'), { isPack: false });
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed app (linux dir target)', () => {
  it('has the renamed executable and an app.asar, and no loose app folder', () => {
    expect(existsSync(join(release, 'gramdeck'))).toBe(true);
    expect(existsSync(join(release, 'resources', 'app.asar'))).toBe(true);
    expect(existsSync(join(release, 'resources', 'app'))).toBe(false);
  });

  it('app.asar holds the built app and its production dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    const expected = [
      '/package.json',
      `/${manifest.main}`,
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/node_modules/telegram/package.json',
      '/node_modules/electron-updater/package.json',
      '/node_modules/electron-store/package.json',
      '/node_modules/zod/package.json',
      // Read at run time by electron/telegram/message-crypto.ts (its JavaScript is bundled).
      '/node_modules/@mtcute/wasm/mtcute.wasm',
      '/node_modules/@mtcute/wasm/mtcute-simd.wasm',
    ];
    expect(expected.filter((file) => !asarFiles.includes(file))).toEqual([]);
  });

  it('app.asar holds no sources, tests, source maps, dev tools or the web host CLI', () => {
    const offenders = asarFiles.filter(
      (file) =>
        /\.(ts|tsx|mts|cts|map)$/.test(file) ||
        /^\/(test|tools|electron|renderer|scripts|build|src)(\/|$)/.test(file) ||
        file.includes('telegram-dc') ||
        /^\/out\/main\/host\.c?js$/.test(file) ||
        /^\/node_modules\/(electron|electron-builder|electron-vite|vite|vitest|typescript|@playwright|playwright|eslint|react|react-dom|prettier|tsx)\//.test(
          file,
        ),
    );
    expect(offenders).toEqual([]);
  });

  it('the preload is one small sandbox-safe file that requires only electron', () => {
    const preload = readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(required)]).toEqual(['electron']);
    expect(preload).not.toMatch(/\bzod\b|ZodError/);
    expect(preload).not.toMatch(
      /exposeInMainWorld\(\s*["'][^"']+["']\s*,\s*(electron\.)?ipcRenderer\s*\)/,
    );
    expect(preload.length).toBeLessThan(20_000);
  });

  it('flips every fuse to the release value', () => {
    expect(readFuses(join(release, 'gramdeck'))).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('updates from GitHub releases', () => {
    const updateConfig = readFileSync(join(release, 'resources', 'app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: github');
    expect(updateConfig).toContain('owner: gramdeck');
    expect(updateConfig).toContain('repo: gramdeck');
  });

  it('the self-hosted variant updates from GRAMDECK_UPDATE_URL', async () => {
    const selfHosted = await pack('self-hosted', 'build/electron-builder.self-hosted.ts', {
      GRAMDECK_UPDATE_URL: 'https://updates.example.org/gramdeck',
    });
    const updateConfig = readFileSync(join(selfHosted, 'resources', 'app-update.yml'), 'utf8');
    expect(updateConfig).toContain('provider: generic');
    expect(updateConfig).toContain('url: https://updates.example.org/gramdeck');
    expect(updateConfig).not.toContain('github');
  }, 120_000);

  it('the self-hosted variant does not build with an http update URL', async () => {
    await expect(
      pack('self-hosted-http', 'build/electron-builder.self-hosted.ts', {
        GRAMDECK_UPDATE_URL: 'http://updates.example.org/gramdeck',
      }),
    ).rejects.toThrow(/must use https/);
    expect(existsSync(join(work, 'self-hosted-http'))).toBe(false);
  }, 120_000);

  it('the unsigned local variant packs the same app as the release', async () => {
    const unsigned = await pack('unsigned', 'build/electron-builder.unsigned.yml');
    expect(listPackage(join(unsigned, 'resources', 'app.asar'), { isPack: false })).toEqual(
      asarFiles,
    );
    expect(readFuses(join(unsigned, 'gramdeck'))).toEqual(readFuses(join(release, 'gramdeck')));
  }, 120_000);

  it('the e2e variant differs only by the inspector fuse', async () => {
    const e2e = await pack('e2e', 'build/electron-builder.e2e.yml');
    expect(readFuses(join(e2e, 'gramdeck'))).toEqual({
      ...readFuses(join(release, 'gramdeck')),
      enableNodeCliInspectArguments: true,
    });
  }, 120_000);
});
