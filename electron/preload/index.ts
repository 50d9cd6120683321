/**
 * The sandboxed preload: exposes `window.gramdeck` and nothing else. Bundled into a single
 * CommonJS file (out/preload/index.cjs); a sandboxed preload can require only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createGramdeckBridge } from './bridge';

contextBridge.exposeInMainWorld('gramdeck', createGramdeckBridge(ipcRenderer));
