/**
 * sql.js (SQLite compiled to WebAssembly), for the `.session` files of Telethon and Pyrogram:
 * read at import, written at export. Its single-file build embeds the WebAssembly, so no `.wasm`
 * file has to ship or be found at run time (the asm.js build is deprecated and says so on the
 * console at every load). Loaded and compiled once per process, at the first file.
 */
import type { SqlJsStatic } from 'sql.js';

let sqlJs: Promise<SqlJsStatic> | null = null;

export function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js/dist/sql-wasm-inline.js')
    .then(({ default: init }) => init())
    .catch((error: unknown) => {
      // A failed load is tried again at the next file rather than remembered.
      sqlJs = null;
      throw error;
    });
  return sqlJs;
}
