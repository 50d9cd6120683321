/** sql.js's asm.js build: the same API as the package root, with no `.wasm` file to load. */
declare module 'sql.js/dist/sql-asm.js' {
  import initSqlJs from 'sql.js';
  export default initSqlJs;
}
