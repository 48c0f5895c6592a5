/** Cadre import (SPEC §7): reading and writing cadre sheets. Pure functions plus exceljs. */
export * from './cadre-columns.js';
export * from './parse-cadre-sheet.js';
export * from './sheet-limits.js';
export * from './write-cadre-sheet.js';
export { CADRE_SHEET_NAME, type SheetCell } from './read-xlsx.js';
export { runImportCli, CADRE_SHEET_MEDIA_TYPES, type Fetch } from './import-cli.js';
export * from './resolve-units.js';
