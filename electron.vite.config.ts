import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  // The main process and the web host: CommonJS Node bundles with dependencies left external.
  // CommonJS because GramJS is a CommonJS package whose subpath folders (telegram/events, ...)
  // Node's ESM resolver refuses to import. conf and electron-store are ESM-only, so they are
  // bundled (converted) instead of required; so are @mtcute/convert and @mtcute/wasm, whose
  // CommonJS builds warn on the console when they are required (@mtcute/wasm's .wasm files are
  // read from node_modules at run time, so it stays a dependency).
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: ['conf', 'electron-store', '@mtcute/convert', '@mtcute/wasm'] },
      rollupOptions: {
        input: {
          main: resolve(root, 'electron/shell/main.ts'),
          host: resolve(root, 'electron/host/cli.ts'),
        },
        output: {
          format: 'cjs',
          entryFileNames: '[name].cjs',
          chunkFileNames: 'chunks/[name]-[hash].cjs',
        },
      },
    },
  },
  // One preload bundle. Sandboxed preloads cannot `require` npm packages, so everything it uses
  // (zod is not needed there; only the channel allowlist) is bundled into one CommonJS file.
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      sourcemap: false,
      minify: true,
      cssCodeSplit: false,
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
  },
});
