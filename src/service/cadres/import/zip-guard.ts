/**
 * A check of an XLSX package (a ZIP) before exceljs opens it: exceljs (through JSZip) inflates
 * every part in memory, trusting the sizes the archive declares. Here each part is inflated with
 * zlib's `maxOutputLength`, so the real decompressed size is measured without ever holding more
 * than the budget: a zip bomb is refused whatever sizes it declares.
 */
import { inflateRawSync } from 'node:zlib';
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
    if (method === 0) {
      total += compressedSize;
    } else if (method === 8) {
      try {
        total += inflateRawSync(buffer.subarray(dataStart, dataEnd), {
          maxOutputLength: Math.max(1, budget),
        }).length;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
          throw bomb(limits.maxUncompressedBytes);
        }
        throw unreadable('deflate');
      }
    } else {
      throw unreadable(`compression method ${method}`);
    }
    if (total > limits.maxUncompressedBytes) throw bomb(limits.maxUncompressedBytes);
  }
}
