/**
 * The cells of an XLSX workbook's cadre sheet (the one named "Cán bộ", else the first), as plain
 * values: formula cells by their cached result, rich text and hyperlinks by their text, dates as
 * Date. The package is checked by `checkZipArchive` before exceljs sees it.
 */
import ExcelJS from 'exceljs';
import { tooManyColumns, tooManyRows } from './csv.js';
import { CadreSheetError, type SheetLimits } from './sheet-limits.js';
import { checkZipArchive } from './zip-guard.js';

/** A cell as the parser sees it; `{error}` is an Excel error value (#N/A, #REF! …). */
export type SheetCell = string | number | Date | { readonly error: string } | null;

export interface SheetRow {
  /** The row number as the spreadsheet shows it (1 = the first row). */
  readonly number: number;
  /** Index 0 = column A. */
  readonly cells: readonly SheetCell[];
}

type XlsxInput = Parameters<ExcelJS.Workbook['xlsx']['load']>[0];

export const CADRE_SHEET_NAME = 'Cán bộ';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Date);
}

/** An exceljs cell value as a SheetCell. */
export function toSheetCell(value: unknown): SheetCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || value instanceof Date) return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (isRecord(value)) {
    if ('formula' in value || 'sharedFormula' in value) {
      const result = value['result'];
      if (result === undefined) return { error: 'formula without a cached value' };
      return toSheetCell(result);
    }
    if (typeof value['error'] === 'string') return { error: value['error'] };
    if (Array.isArray(value['richText'])) {
      return (value['richText'] as unknown[])
        .map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : ''))
        .join('');
    }
    if ('text' in value) return toSheetCell(value['text']);
  }
  return null;
}

export async function readXlsxRows(bytes: Uint8Array, limits: SheetLimits): Promise<SheetRow[]> {
  checkZipArchive(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares its own Buffer type (an ArrayBuffer); a Node Buffer is what it reads.
    await workbook.xlsx.load(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length) as unknown as XlsxInput,
    );
  } catch {
    throw new CadreSheetError('UNREADABLE', {
      vi: 'Không đọc được tệp XLSX',
      en: 'The XLSX file cannot be read',
    });
  }
  const sheet =
    workbook.worksheets.find((candidate) => candidate.name === CADRE_SHEET_NAME) ??
    workbook.worksheets[0];
  if (sheet === undefined) {
    throw new CadreSheetError('NO_SHEET', {
      vi: 'Tệp XLSX không có trang tính nào',
      en: 'The XLSX file has no worksheet',
    });
  }
  if (sheet.actualRowCount > limits.maxRows + 1) throw tooManyRows(limits.maxRows);
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: SheetCell[] = [];
    row.eachCell({ includeEmpty: false }, (cell, column) => {
      const value = toSheetCell(cell.value);
      if (value === null || value === '') return;
      if (column > limits.maxColumns) throw tooManyColumns(limits.maxColumns);
      while (cells.length < column - 1) cells.push(null);
      cells[column - 1] = value;
    });
    rows.push({ number, cells });
  });
  return rows;
}
