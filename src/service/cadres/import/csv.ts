/**
 * A small RFC 4180 reader for the CSV an office suite saves: UTF-8 (with or without BOM) or
 * UTF-16 with BOM, `;`, `,` or tab separators (Vietnamese-locale Excel writes `;`), fields in
 * double quotes with `""` escapes and line breaks, CRLF or LF. Hand-written because no CSV
 * dependency is installed, and bounding columns, rows and cell length while reading is simpler in
 * 80 lines of our own than around a library's streaming API.
 */
import { isUtf8 } from 'node:buffer';
import { CadreSheetError, type SheetLimits } from './sheet-limits.js';

export type CsvSeparator = ';' | ',' | '\t';

/** The text of a CSV file's bytes; refuses what is not UTF-8 or UTF-16 with a BOM. */
export function decodeCsv(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.length - 2).toString('utf16le');
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (!isUtf8(body)) {
    throw new CadreSheetError('NOT_UTF8', {
      vi: 'Tệp CSV không ở mã UTF-8: hãy lưu lại bằng "CSV UTF-8 (phân cách bằng dấu phẩy)"',
      en: 'The CSV file is not UTF-8: save it again as "CSV UTF-8 (comma delimited)"',
    });
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.length).toString('utf8');
  if (text.includes('\u0000')) {
    throw new CadreSheetError('NOT_A_SPREADSHEET', {
      vi: 'Tệp có ký tự NUL: không phải tệp CSV',
      en: 'The file contains NUL characters: it is not a CSV file',
    });
  }
  return text;
}

/** The separator of the first line: the most frequent of `;`, `,` and tab outside quotes. */
export function detectSeparator(text: string): CsvSeparator {
  const counts: Record<CsvSeparator, number> = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length && i < 65_536; i += 1) {
    const char = text[i];
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ';' || char === ',' || char === '\t')) counts[char] += 1;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

/**
 * The records of a CSV text, each a list of fields, with the number each record has (1 = the
 * first). Throws a CadreSheetError past the limits (rows, columns, cell length).
 */
export function parseCsv(text: string, limits: SheetLimits, separator = detectSeparator(text)) {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    if (field.length > limits.maxCellLength) throw cellTooLong(records.length + 1);
    record.push(field);
    if (record.length > limits.maxColumns) throw tooManyColumns(limits.maxColumns);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    // The header is one more than the data rows the limit counts.
    if (records.length > limits.maxRows + 1) throw tooManyRows(limits.maxRows);
    record = [];
  };
  // Runs of ordinary characters and quoted runs are sliced, not appended a character at a time.
  const special = new RegExp(`["\\r\\n${separator === '\t' ? '\\t' : separator}]`, 'g');
  let i = 0;
  while (i < text.length) {
    if (quoted) {
      const close = text.indexOf('"', i);
      if (close < 0) {
        field += text.slice(i);
        if (field.length > limits.maxCellLength) throw cellTooLong(records.length + 1);
        break;
      }
      field += text.slice(i, close);
      if (field.length > limits.maxCellLength) throw cellTooLong(records.length + 1);
      if (text[close + 1] === '"') {
        field += '"';
        i = close + 2;
      } else {
        quoted = false;
        i = close + 1;
      }
      continue;
    }
    special.lastIndex = i;
    const match = special.exec(text);
    const next = match === null ? text.length : match.index;
    if (next > i) {
      field += text.slice(i, next);
      fieldStarted = true;
      if (field.length > limits.maxCellLength) throw cellTooLong(records.length + 1);
      i = next;
      continue;
    }
    const char = text[i];
    if (char === '"') {
      if (!fieldStarted && field === '') {
        quoted = true;
        fieldStarted = true;
      } else {
        field += char;
      }
      i += 1;
    } else if (char === separator) {
      endField();
      i += 1;
    } else if (char === '\r') {
      i += text[i + 1] === '\n' ? 2 : 1;
      endRecord();
    } else {
      endRecord();
      i += 1;
    }
  }
  if (quoted) {
    throw new CadreSheetError('UNREADABLE', {
      vi: `Tệp CSV kết thúc giữa một ô trong ngoặc kép (dòng ${records.length + 1})`,
      en: `The CSV file ends inside a quoted field (record ${records.length + 1})`,
    });
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

function cellTooLong(row: number) {
  return new CadreSheetError('CELL_TOO_LONG', {
    vi: `Dòng ${row} có ô quá dài`,
    en: `Row ${row} has a cell that is too long`,
  });
}

export function tooManyColumns(max: number) {
  return new CadreSheetError('TOO_MANY_COLUMNS', {
    vi: `Tệp có quá ${max} cột`,
    en: `The file has more than ${max} columns`,
  });
}

export function tooManyRows(max: number) {
  return new CadreSheetError('TOO_MANY_ROWS', {
    vi: `Tệp có quá ${max} dòng dữ liệu: hãy chia thành nhiều tệp`,
    en: `The file has more than ${max} data rows: split it into several files`,
  });
}
