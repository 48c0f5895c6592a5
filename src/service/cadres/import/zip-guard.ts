/**
 * A check of an XLSX package (a ZIP) before exceljs opens it: exceljs (through JSZip) inflates
 * every part in memory, trusting the sizes the archive declares. Here each part is inflated with
 * zlib's `maxOutputLength`, so the real decompressed size is measured without ever holding more
 * than the budget: a zip bomb is refused whatever sizes it declares.
 */
import { inflateRawSync } from 'node:zlib';
import { tooManyRows } from './csv.js';
import { CadreSheetError, type SheetLimits } from './sheet-limits.js';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const unreadable = (why: string) =>
  new CadreSheetError('UNREADABLE', {
    vi: `Tệp XLSX bị hỏng hoặc không đọc được (${why})`,
    en: `The XLSX file is damaged or unreadable (${why})`,
  });

const bomb = (limit: number) =>
  new CadreSheetError('ZIP_BOMB', {
    vi: `Tệp XLSX khi giải nén vượt quá ${Math.round(limit / 1_048_576)} MB`,
    en: `The XLSX file decompresses to more than ${Math.round(limit / 1_048_576)} MB`,
  });

function occurrences(content: Buffer, needle: Buffer, stopAfter: number): number {
  let count = 0;
  for (let at = content.indexOf(needle); at >= 0; at = content.indexOf(needle, at + 1)) {
    // `<c ` and `<c>` are cells; `<col`, `<cols`, `<cfRule` are not.
    const next = content[at + needle.length];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a) {
      count += 1;
      if (count > stopAfter) return count;
    }
  }
  return count;
}

const ROW = Buffer.from('<row');
const CELL = Buffer.from('<c');

/** Refuses a sheet with more rows or cells than the limits allow, whatever it holds. */
function checkSheetSize(content: Buffer, limits: SheetLimits): void {
  if (occurrences(content, ROW, limits.maxRows + 1) > limits.maxRows + 1) {
    throw tooManyRows(limits.maxRows);
  }
  if (occurrences(content, CELL, limits.maxCells) > limits.maxCells) {
    throw new CadreSheetError('TOO_MANY_CELLS', {
      vi: `Một trang tính có quá ${limits.maxCells} ô`,
      en: `A worksheet has more than ${limits.maxCells} cells`,
    });
  }
}

/** True when the bytes start like a ZIP archive (an XLSX file). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3;
}

/** Throws a CadreSheetError when the archive is unreadable, encrypted, or decompresses too far. */
export function checkZipArchive(bytes: Uint8Array, limits: SheetLimits): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let eocd = -1;
  for (let at = buffer.length - 22; at >= 0 && at >= buffer.length - 22 - 65_535; at -= 1) {
    if (buffer.readUInt32LE(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no end of central directory');
  const entries = buffer.readUInt16LE(eocd + 10);
  const directoryOffset = buffer.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw unreadable('ZIP64');
  if (entries > limits.maxZipEntries) throw unreadable(`${entries} parts`);
  let at = directoryOffset;
  let total = 0;
  for (let index = 0; index < entries; index += 1) {
    if (at + 46 > buffer.length || buffer.readUInt32LE(at) !== CENTRAL) {
      throw unreadable('central directory');
    }
    const flags = buffer.readUInt16LE(at + 8);
    const method = buffer.readUInt16LE(at + 10);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0) throw unreadable('encrypted');
    if (localOffset + 30 > buffer.length || buffer.readUInt32LE(localOffset) !== LOCAL) {
      throw unreadable('local header');
    }
    const dataStart =
      localOffset +
      30 +
      buffer.readUInt16LE(localOffset + 26) +
      buffer.readUInt16LE(localOffset + 28);
    const dataEnd = dataStart + compressedSize;
    if (dataEnd > buffer.length) throw unreadable('truncated');
    const budget = limits.maxUncompressedBytes - total;
    const name = buffer.toString(
      'utf8',
      at - commentLength - extraLength - nameLength,
      at - commentLength - extraLength,
    );
    let content: Buffer;
    if (method === 0) {
      content = buffer.subarray(dataStart, dataEnd);
    } else if (method === 8) {
      try {
        content = inflateRawSync(buffer.subarray(dataStart, dataEnd), {
          maxOutputLength: Math.max(1, budget),
        });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw bomb(limits.maxUncompressedBytes);
        }
        throw unreadable('deflate');
      }
    } else {
      throw unreadable(`compression method ${method}`);
    }
    total += content.length;
    if (total > limits.maxUncompressedBytes) throw bomb(limits.maxUncompressedBytes);
    // exceljs builds an object per cell of every sheet: count them before it does.
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) checkSheetSize(content, limits);
  }
}
