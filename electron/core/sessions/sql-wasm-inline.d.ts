/**
 * sql.js's single-file build: the same API as its default build, with the WebAssembly embedded,
 * so no .wasm file has to ship or be found at run time. (Its asm.js build is deprecated and says
 * so on the console at every load.)
 */
declare module 'sql.js/dist/sql-wasm-inline.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
