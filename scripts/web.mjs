#!/usr/bin/env node
// `npm run web -- [--port N] [--data-dir DIR] [--server-profile FILE]`
// Builds the app if the build is missing or older than the sources, then starts the web host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outputs = ['out/main/host.cjs', 'out/renderer/index.html', 'out/preload/index.cjs'].map(
  (file) => join(root, file),
);

/** The newest modification time under `dir`, skipping nothing but dot-folders. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function needsBuild() {
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const sources = Math.max(newest(join(root, 'electron')), newest(join(root, 'renderer')));
  return sources > built;
}

if (needsBuild()) {
  process.stderr.write('Building Gramdeck…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const host = spawn(process.execPath, [join(root, 'out/main/host.cjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => host.kill(signal));
}
host.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
