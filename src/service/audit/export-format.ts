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
import { HISTORY_ENTRY_FIELDS, type HistoryEntryView } from './hash-chain.js';

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

export function entryToCsv(entry: HistoryEntryView): string {
  const cells = [
    String(entry.seq),
    entry.caseId,
    entry.at,
    entry.event,
    entry.from ?? '',
    entry.to,
    entry.actorId,
    JSON.stringify(entry.roles),
    JSON.stringify(entry.payload),
    entry.comment ?? '',
    JSON.stringify(entry.outcome),
    entry.prevHash,
    entry.hash,
  ];
  return csvRow(cells.map(neutraliseFormula));
}

export function entryToNdjson(entry: HistoryEntryView): string {
  const { seq, caseId, at, event, from, to, actorId, roles, payload, comment, outcome } = entry;
  return `${JSON.stringify({ seq, caseId, at, event, from, to, actorId, roles, payload, comment, outcome, prevHash: entry.prevHash, hash: entry.hash })}\n`;
}
