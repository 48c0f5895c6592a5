/**
 * Writing cadre sheets: the empty template users fill in (`writeCadreTemplate`) and a sheet of
 * rows (`writeCadreSheet`), in XLSX or CSV, with the headers of `CADRE_COLUMNS`.
 */
import ExcelJS from 'exceljs';
import { CADRE_COLUMNS, type CadreColumnKey } from './cadre-columns.js';
import type { CadreSheetFormat } from './parse-cadre-sheet.js';
import { CADRE_SHEET_NAME } from './read-xlsx.js';

/** One row as written: a Date is an Excel date cell (XLSX) or dd/mm/yyyy (CSV). */
export type CadreSheetRow = Partial<Record<CadreColumnKey, string | number | Date>>;

export interface WriteOptions {
  readonly format?: CadreSheetFormat;
  /** CSV only; default `,`. Vietnamese-locale Excel opens `;` files directly. */
  readonly separator?: ',' | ';';
  /** CSV only: start with a UTF-8 BOM so Excel reads the diacritics (default true). */
  readonly bom?: boolean;
  /** Only these columns, in this order (default all). */
  readonly columns?: readonly CadreColumnKey[];
}

/** The XLSX template: the header row, and a "Hướng dẫn" sheet describing each column. */
export async function writeCadreTemplate(): Promise<Buffer> {
  return writeCadreSheet([], { format: 'xlsx' });
}

export async function writeCadreSheet(
  rows: readonly CadreSheetRow[],
  options: WriteOptions = {},
): Promise<Buffer> {
  const keys = options.columns ?? CADRE_COLUMNS.map((column) => column.key);
  const columns = keys.map((key) => {
    const column = CADRE_COLUMNS.find((candidate) => candidate.key === key);
    if (column === undefined) throw new RangeError(`Unknown cadre column: ${key}`);
    return column;
  });
  if ((options.format ?? 'xlsx') === 'csv') {
    const separator = options.separator ?? ',';
    const lines = [
      columns.map((column) => csvField(column.header, separator)),
      ...rows.map((row) => columns.map((column) => csvField(csvValue(row[column.key]), separator))),
    ].map((fields) => fields.join(separator));
    const text = `${lines.join('\r\n')}\r\n`;
    return Buffer.from(options.bom === false ? text : `\ufeff${text}`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(CADRE_SHEET_NAME, {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    key: column.key,
    width: Math.max(12, column.header.length + 4),
    ...(column.kind === 'date' && { style: { numFmt: 'dd/mm/yyyy' } }),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.columns = [
    { header: 'Cột', key: 'header', width: 26 },
    { header: 'Bắt buộc', key: 'required', width: 10 },
    { header: 'Nội dung', key: 'vi', width: 60 },
    { header: 'Meaning', key: 'en', width: 60 },
    { header: 'Ví dụ', key: 'example', width: 22 },
  ];
  guide.getRow(1).font = { bold: true };
  for (const column of CADRE_COLUMNS) {
    guide.addRow({
      header: column.header,
      required: column.required ? 'có' : '',
      vi: column.description.vi,
      en: column.description.en,
      example: column.example,
    });
  }
  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written);
}

function csvValue(value: string | number | Date | undefined): string {
  if (value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  }
  return String(value);
}

function csvField(value: string, separator: string): string {
  return value.includes(separator) || /["\r\n]/.test(value)
    ? `"${value.replaceAll('"', '""')}"`
    : value;
}
