import type { LocalizedText } from '../../common/language.js';

/** What an import accepts; past any of these the whole file is refused (CadreSheetError). */
export interface SheetLimits {
  /** The file as sent. */
  readonly maxBytes: number;
  /** The sum of the XLSX package's parts once decompressed (a zip bomb stops here). */
  readonly maxUncompressedBytes: number;
  readonly maxZipEntries: number;
  /** Data rows, the header not counted. */
  readonly maxRows: number;
  readonly maxColumns: number;
  /** Cells (`<c>` elements, empty ones included) in any one worksheet of an XLSX file. */
  readonly maxCells: number;
  /** Characters in one cell while reading; a field's own, smaller limit is a problem, not a refusal. */
  readonly maxCellLength: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = {
  maxBytes: 8 * 1024 * 1024,
  maxUncompressedBytes: 48 * 1024 * 1024,
  maxZipEntries: 2_000,
  maxRows: 20_000,
  maxColumns: 200,
  maxCells: 1_000_000,
  maxCellLength: 4_000,
};

/** Why a whole file is refused; `httpStatus` is what the import route answers. */
export const CADRE_SHEET_ERROR_STATUS = {
  TOO_LARGE: 413,
  ZIP_BOMB: 413,
  TOO_MANY_ROWS: 413,
  TOO_MANY_COLUMNS: 413,
  TOO_MANY_CELLS: 413,
  NOT_A_SPREADSHEET: 415,
  NOT_UTF8: 415,
  UNREADABLE: 422,
  CELL_TOO_LONG: 422,
  NO_SHEET: 422,
} as const;

export type CadreSheetErrorCode = keyof typeof CADRE_SHEET_ERROR_STATUS;

/**
 * The file cannot be read as a cadre sheet at all (too large, not CSV/XLSX, a zip bomb, …), as
 * opposed to rows with problems, which `parseCadreSheet` returns. No NestJS here: the route maps
 * `httpStatus` (413, 415 or 422) and answers `texts` in the request's language.
 */
export class CadreSheetError extends Error {
  readonly httpStatus: 413 | 415 | 422;

  constructor(
    readonly code: CadreSheetErrorCode,
    readonly texts: LocalizedText,
  ) {
    super(texts.en);
    this.name = 'CadreSheetError';
    this.httpStatus = CADRE_SHEET_ERROR_STATUS[code];
  }
}
