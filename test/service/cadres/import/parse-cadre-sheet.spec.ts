import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
import {
  CADRE_COLUMNS,
  CadreSheetError,
  parseCadreSheet,
  toCadreDraft,
  writeCadreSheet,
  writeCadreTemplate,
  type ImportProblem,
} from '../../../../src/service/cadres/import/index.js';
import { cadreSheetFixture } from '../../../support/cadre-sheet-fixture.js';

const HEADER = CADRE_COLUMNS.map((column) => column.header);
const csv = (lines: readonly string[]) => Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
const brief = (problems: readonly ImportProblem[]) =>
  problems.map(({ row, column, code }) => ({ row, column, code }));

async function xlsxOf(build: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  build(workbook.addWorksheet('Cán bộ'));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function refusal(promise: Promise<unknown>): Promise<CadreSheetError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CadreSheetError);
  return error as CadreSheetError;
}

/** A ZIP archive of deflated parts, for hostile packages (CRCs left 0: the guard reads sizes). */
function zipOf(parts: readonly { name: string; data: Buffer; declaredSize?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const data = deflateRawSync(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(part.declaredSize ?? part.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(part.declaredSize ?? part.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The smallest XLSX package exceljs reads: one sheet whose XML is given. */
function minimalXlsx(sheetXml: string): Buffer {
  const xml = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
  const ns = 'http://schemas.openxmlformats.org';
  return zipOf([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        `${xml}<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        `${xml}<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        `${xml}<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Cán bộ" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        `${xml}<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`${xml}${sheetXml}`) },
  ]);
}

const inline = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';

describe('parseCadreSheet', () => {
  describe('the 1,000-row fixture', () => {
    it('parses clean as XLSX (with Excel date cells) and as CSV, to the same drafts', async () => {
      const clean = cadreSheetFixture({ dateCells: true });
      const xlsx = await parseCadreSheet(await writeCadreSheet(clean.rows), 'xlsx');
      expect(xlsx.problems).toEqual([]);
      expect(xlsx.rows).toHaveLength(1_000);
      const text = cadreSheetFixture({ dateCells: false });
      const fromCsv = await parseCadreSheet(
        await writeCadreSheet(text.rows, { format: 'csv', separator: ';' }),
        'csv',
      );
      expect(fromCsv.problems).toEqual([]);
      expect(fromCsv.rows).toEqual(xlsx.rows);
      const first = xlsx.rows[0];
      expect(first?.row).toBe(2);
      expect(first?.draft.person.fullName).toMatch(/^\p{Lu}\p{Ll}+ /u);
      expect(new Set(xlsx.rows.map((row) => row.unitCode))).toEqual(
        new Set(['SO-NV', 'SO-TC', 'UBND-HX']),
      );
    });

    it.each(['xlsx', 'csv'] as const)(
      'names exactly the five spoiled rows and their columns (%s), and nothing else',
      async (format) => {
        const spoiled = cadreSheetFixture({ badRows: true });
        expect(spoiled.badRowNumbers).toHaveLength(5);
        const result = await parseCadreSheet(
          await writeCadreSheet(spoiled.rows, { format }),
          format,
        );
        const sorted = brief(result.problems).sort(
          (a, b) => a.row - b.row || a.column.localeCompare(b.column),
        );
        expect(sorted).toEqual(spoiled.expected);
        expect([...new Set(result.problems.map((p) => p.row))].sort((a, b) => a - b)).toEqual(
          spoiled.badRowNumbers,
        );
        expect(result.rows).toHaveLength(995);
        // The fixed file is the same seed unspoiled: it differs on those five rows only.
        const fixed = cadreSheetFixture();
        const differing = fixed.rows.flatMap((row, index) =>
          JSON.stringify(row) === JSON.stringify(spoiled.rows[index]) ? [] : [index + 2],
        );
        expect(differing).toEqual(spoiled.badRowNumbers);
        const parsedFixed = await parseCadreSheet(
          await writeCadreSheet(fixed.rows, { format }),
          format,
        );
        expect([parsedFixed.problems, parsedFixed.rows.length]).toEqual([[], 1_000]);
        for (const problem of result.problems) {
          expect(problem.message.vi.length).toBeGreaterThan(0);
          expect(problem.message.en.length).toBeGreaterThan(0);
        }
      },
    );
  });

  describe('CSV', () => {
    it('reads a BOM, `;` separators, quoted fields with separators, quotes and line breaks', async () => {
      const bytes = Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        csv([
          'Mã cán bộ;Họ và tên;Giới tính;Ngày sinh;Mã đơn vị;Quê quán;Chức vụ;Giữ chức vụ từ;Hết nhiệm kỳ',
          'A-1;"Nguyễn Văn ""Tư"" An";Nam;15/08/1966;SO-NV;"Xã Hải Hậu; Nam Định\r\nViệt Nam";Phó Giám đốc;1/7/2022;30/06/2027',
        ]),
      ]);
      const result = await parseCadreSheet(bytes, 'csv');
      expect(result.problems).toEqual([]);
      expect(result.rows).toEqual([
        {
          row: 2,
          unitCode: 'SO-NV',
          draft: {
            code: 'A-1',
            person: {
              fullName: 'Nguyễn Văn "Tư" An',
              gender: 'male',
              dateOfBirth: '1966-08-15',
              hometown: 'Xã Hải Hậu; Nam Định Việt Nam',
            },
            posts: [{ postTitle: 'Phó Giám đốc', since: '2022-07-01', termEndsOn: '2027-06-30' }],
          },
        },
      ]);
      expect(toCadreDraft(result.rows[0]!, 'unit-1').posts).toEqual([
        {
          postTitle: 'Phó Giám đốc',
          since: '2022-07-01',
          termEndsOn: '2027-06-30',
          unitId: 'unit-1',
        },
      ]);
    });

    it('matches headers whatever their case, spacing or normal form, and reports unknown ones once', async () => {
      const nfd = (text: string) => text.normalize('NFD');
      const result = await parseCadreSheet(
        csv([
          `  MÃ  CÁN BỘ ,${nfd('Họ và tên')},gioi tinh,Ngày sinh *,${nfd('MÃ ĐƠN VỊ')},Ghi chú,ghi  chú`,
          'X1,Trần Thị Bích,Nữ,01/02/1980,SO-TC,một,',
          'X2,Lê Văn Nam,nam,1980-03-04,SO-TC,hai,ba',
        ]),
        'csv',
      );
      expect(brief(result.problems)).toEqual([
        { row: 1, column: 'Ghi chú', code: 'UNKNOWN_COLUMN' },
      ]);
      expect(result.rows.map((row) => row.draft.person.gender)).toEqual(['female', 'male']);
      expect(result.rows[1]?.draft.person.dateOfBirth).toBe('1980-03-04');
    });

    it('refuses text that a spreadsheet would run as a formula, and reports a missing column', async () => {
      const result = await parseCadreSheet(
        csv([
          'Mã cán bộ,Họ và tên,Giới tính,Ngày sinh',
          'X1,"=HYPERLINK(""http://evil"",""bấm"")",Nam,01/02/1980',
          'X2,@SUM(A1),Nữ,01/02/1980',
        ]),
        'csv',
      );
      expect(brief(result.problems)).toEqual([
        { row: 1, column: 'Mã đơn vị', code: 'MISSING_COLUMN' },
        { row: 2, column: 'Họ và tên', code: 'FORMULA_TEXT' },
        { row: 3, column: 'Họ và tên', code: 'FORMULA_TEXT' },
      ]);
      expect(result.rows).toEqual([]);
    });

    it('reports a duplicate code on every row that has it, naming the others', async () => {
      const result = await parseCadreSheet(
        csv([
          'Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Mã đơn vị',
          'D1,Ngô Văn A,Nam,01/02/1980,U',
          'D1,Ngô Văn B,Nam,01/02/1981,U',
          'D2,Ngô Văn C,Nam,01/02/1982,U',
          'D1,Ngô Văn D,Nam,01/02/1983,U',
        ]),
        'csv',
      );
      expect(brief(result.problems)).toEqual(
        [2, 3, 5].map((row) => ({ row, column: 'Mã cán bộ', code: 'DUPLICATE_CODE' })),
      );
      expect(result.problems[0]?.message.vi).toBe('Mã cán bộ "D1" trùng với dòng 3, 5');
      expect(result.rows.map((row) => row.draft.code)).toEqual(['D2']);
    });

    it('ignores empty rows, trailing separators included', async () => {
      const result = await parseCadreSheet(
        csv([
          'Mã cán bộ;Họ và tên;Giới tính;Ngày sinh;Mã đơn vị',
          'E1;Hồ Thị Oanh;Nữ;05/06/1990;U',
          ';;;;',
          '',
          ';;;;',
        ]),
        'csv',
      );
      expect(result.problems).toEqual([]);
      expect(result.rowCount).toBe(1);
    });

    it('refuses a file that is not UTF-8, and an XLSX sent as CSV', async () => {
      const latin1 = Buffer.from('Mã cán bộ,Họ và tên\r\n', 'latin1');
      expect((await refusal(parseCadreSheet(latin1, 'csv'))).httpStatus).toBe(415);
      const xlsx = await writeCadreTemplate();
      expect((await refusal(parseCadreSheet(xlsx, 'csv'))).code).toBe('NOT_A_SPREADSHEET');
    });
  });

  describe('XLSX', () => {
    it('reads formula cells by their cached value, real date cells, and rich text', async () => {
      const bytes = await xlsxOf((sheet) => {
        sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Mã đơn vị', 'Dân tộc']);
        sheet.addRow([
          { formula: 'CONCAT("F","1")', result: 'F1' },
          { richText: [{ text: 'Phạm ' }, { text: 'Thu Hà', font: { bold: true } }] },
          'Nữ',
          new Date(Date.UTC(1975, 3, 30)),
          'SO-NV',
          { formula: 'X1' },
        ]);
        sheet.addRow([
          'F2',
          'Vũ Đức Long',
          'Nam',
          { formula: 'DATE(1970,1,2)', result: new Date(Date.UTC(1970, 0, 2)) },
          'SO-NV',
        ]);
        sheet.getRow(10).getCell(1).numFmt = '@'; // formatted but empty: not a row
      });
      const result = await parseCadreSheet(bytes, 'xlsx');
      expect(brief(result.problems)).toEqual([{ row: 2, column: 'Dân tộc', code: 'CELL_ERROR' }]);
      expect(result.rows).toEqual([
        {
          row: 3,
          unitCode: 'SO-NV',
          draft: {
            code: 'F2',
            person: { fullName: 'Vũ Đức Long', gender: 'male', dateOfBirth: '1970-01-02' },
          },
        },
      ]);
    });

    it('reads the sheet named "Cán bộ" and the template has every column and no data', async () => {
      const result = await parseCadreSheet(await writeCadreTemplate(), 'xlsx');
      expect(brief(result.problems)).toEqual([{ row: 1, column: '', code: 'EMPTY_SHEET' }]);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(
        (await writeCadreTemplate()) as unknown as Parameters<typeof workbook.xlsx.load>[0],
      );
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Cán bộ', 'Hướng dẫn']);
      expect((workbook.worksheets[0]?.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
    });
  });

  describe('hostile input', () => {
    it('refuses a 50 MB file before reading it (413)', async () => {
      const error = await refusal(parseCadreSheet(Buffer.alloc(50 * 1024 * 1024, 0x41), 'csv'));
      expect([error.code, error.httpStatus]).toEqual(['TOO_LARGE', 413]);
    });

    it('refuses a zip bomb whatever sizes it declares (413)', async () => {
      const zeros = Buffer.alloc(64 * 1024 * 1024);
      const honest = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros }]);
      const lying = zipOf([{ name: 'xl/worksheets/sheet1.xml', data: zeros, declaredSize: 1_000 }]);
      expect(honest.length).toBeLessThan(1024 * 1024);
      for (const bytes of [honest, lying]) {
        const error = await refusal(parseCadreSheet(bytes, 'xlsx'));
        expect([error.code, error.httpStatus]).toEqual(['ZIP_BOMB', 413]);
      }
    });

    it('refuses 100,000 columns in CSV and a full-width XLSX row (413)', async () => {
      const wide = Buffer.from(`${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n`);
      expect((await refusal(parseCadreSheet(wide, 'csv'))).code).toBe('TOO_MANY_COLUMNS');
      const bytes = await xlsxOf((sheet) => {
        sheet.getRow(1).values = Array.from({ length: 16_384 }, (_, i) => `c${i}`);
      });
      expect((await refusal(parseCadreSheet(bytes, 'xlsx'))).code).toBe('TOO_MANY_COLUMNS');
    });

    it('refuses bytes that are not an XLSX package (415) and a damaged one (422)', async () => {
      const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
      expect((await refusal(parseCadreSheet(random, 'xlsx'))).httpStatus).toBe(415);
      const template = await writeCadreTemplate();
      const truncated = template.subarray(0, template.length - 40);
      expect((await refusal(parseCadreSheet(truncated, 'xlsx'))).httpStatus).toBe(422);
      const notXml = zipOf([{ name: '[Content_Types].xml', data: Buffer.from('not xml') }]);
      expect((await refusal(parseCadreSheet(notXml, 'xlsx'))).httpStatus).toBe(422);
    });

    it('refuses a cell longer than the reader accepts (422), and formula text in an XLSX string cell', async () => {
      const long = csv(['Mã cán bộ,Họ và tên', `X,"${'a'.repeat(5_000)}"`]);
      expect((await refusal(parseCadreSheet(long, 'csv'))).code).toBe('CELL_TOO_LONG');
      const bytes = await xlsxOf((sheet) => {
        sheet.addRow(['Mã cán bộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Mã đơn vị']);
        sheet.addRow(['X1', '=1+1', 'Nam', '01/01/1980', 'U']);
      });
      expect(brief((await parseCadreSheet(bytes, 'xlsx')).problems)).toEqual([
        { row: 2, column: 'Họ và tên', code: 'FORMULA_TEXT' },
      ]);
    });

    it('reads a hand-made package, and refuses one with XML entity expansion (422)', async () => {
      const header = ['Mã cán bộ', 'Họ và tên', 'Giới tính', 'Ngày sinh', 'Mã đơn vị'];
      const row1 = header.map((text, i) => inline(`${'ABCDE'[i]}1`, text)).join('');
      const row2 = ['H1', 'Bùi Thị Yến', 'Nữ', '09/09/1979', 'U']
        .map((text, i) => inline(`${'ABCDE'[i]}2`, text))
        .join('');
      const sheet = (doctype: string, extra: string) =>
        `${doctype}<worksheet ${SHEET_NS}><sheetData><row r="1">${row1}</row><row r="2">${row2}</row>${extra}</sheetData></worksheet>`;
      const plain = await parseCadreSheet(minimalXlsx(sheet('', '')), 'xlsx');
      expect([plain.problems, plain.rows.map((row) => row.draft.code)]).toEqual([[], ['H1']]);
      const entities = Array.from(
        { length: 9 },
        (_, n) => `<!ENTITY l${n + 1} "${`&l${n};`.repeat(10)}">`,
      ).join('');
      const laughs = sheet(
        `<!DOCTYPE worksheet [<!ENTITY l0 "lol">${entities}]>`,
        `<row r="3">${inline('B3', '&l9;')}</row>`,
      );
      const error = await refusal(parseCadreSheet(minimalXlsx(laughs), 'xlsx'));
      expect([error.code, error.httpStatus]).toEqual(['UNREADABLE', 422]);
    });

    it('refuses a sheet of empty rows or cells before exceljs builds them (413)', async () => {
      const sheet = (data: string) =>
        minimalXlsx(`<worksheet ${SHEET_NS}><sheetData>${data}</sheetData></worksheet>`);
      const rows = Array.from({ length: 20_002 }, (_, i) => `<row r="${i + 1}"/>`).join('');
      expect((await refusal(parseCadreSheet(sheet(rows), 'xlsx'))).code).toBe('TOO_MANY_ROWS');
      const cells = `<row r="1">${'<c r="A1"/>'.repeat(1_000_001)}</row>`;
      const error = await refusal(parseCadreSheet(sheet(cells), 'xlsx'));
      expect([error.code, error.httpStatus]).toEqual(['TOO_MANY_CELLS', 413]);
    });

    it('refuses more rows than the limit (413)', async () => {
      const lines = ['Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Mã đơn vị'];
      for (let i = 0; i < 11; i += 1) lines.push(`R${i},Lý Văn Tư,Nam,01/01/1980,U`);
      const error = await refusal(parseCadreSheet(csv(lines), 'csv', { limits: { maxRows: 10 } }));
      expect(error.code).toBe('TOO_MANY_ROWS');
    });
  });

  it('reports progress as rows are checked', async () => {
    const fixture = cadreSheetFixture({ count: 1_200 });
    const seen: [number, number][] = [];
    await parseCadreSheet(await writeCadreSheet(fixture.rows, { format: 'csv' }), 'csv', {
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen).toEqual([
      [500, 1_200],
      [1_000, 1_200],
      [1_200, 1_200],
    ]);
  });
});
