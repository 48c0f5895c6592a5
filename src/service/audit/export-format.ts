/**
 * The two export formats of GET /api/audit/transitions.
 * - NDJSON: one history entry per line, exactly the fields of SPEC §3.5, `\n` after each.
 * - CSV (RFC 4180): a header row then one row per entry, CRLF line ends; a field holding a comma,
 *   a double quote, CR or LF is quoted, its quotes doubled. `roles`, `payload` and `outcome` are
 *   JSON text (`outcome` may be `null`); `from` and `comment` are empty when null.
 *   A data cell that starts with `=`, `+`, `-`, `@`, TAB or CR gets a `'` in front (OWASP's
 *   advice against CSV formula injection): a spreadsheet then shows it as text instead of running
 *   it. CSV is for reading; NDJSON is the exact, verifiable export and is never altered.
 */
import {
  HISTORY_ENTRY_FIELDS,
  fieldSpec,
  pickEntry,
  type HistoryEntryView,
} from '../history/history-fields.js';

export type ExportFormat = 'ndjson' | 'csv';

export const CSV_COLUMNS = HISTORY_ENTRY_FIELDS;

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** A cell a spreadsheet would read as a formula, made text with a leading `'` (OWASP). */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const CSV_HEADER = csvRow(CSV_COLUMNS);

/** A field as its CSV cell: text as is (null empty), numbers in decimal, JSON kinds as JSON text. */
function csvCell(entry: HistoryEntryView, field: (typeof CSV_COLUMNS)[number]): string {
  const value = entry[field];
  switch (fieldSpec(field).kind) {
    case 'int':
      return `${value as number}`;
    case 'string':
    case 'string?':
      return (value as string | null) ?? '';
    default:
      return JSON.stringify(value);
  }
}

export function entryToCsv(entry: HistoryEntryView): string {
  return csvRow(CSV_COLUMNS.map((field) => neutraliseFormula(csvCell(entry, field))));
}

export function entryToNdjson(entry: HistoryEntryView): string {
  return `${JSON.stringify(pickEntry(entry))}\n`;
}
