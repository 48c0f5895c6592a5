/**
 * `parseCadreSheet`: a CSV or XLSX cadre sheet (columns: `cadre-columns.ts`) → the drafts its
 * valid rows give and every problem, by row and column, of the others. Pure apart from exceljs:
 * no NestJS, no database. The store (`CadresService.importDrafts`) resolves unit codes and writes.
 *
 * Row numbers are the spreadsheet's (the header is row 1); for CSV, the record's number.
 */
import {
  compareDates,
  isCivilDate,
  type CadreDraft,
  type CivilDate,
  type DisciplineRecord,
  type PersonFacts,
  type PoliticalTheoryLevel,
  type PostHeld,
} from '../../../engine/index.js';
import type { LocalizedText } from '../../common/language.js';
import {
  CADRE_COLUMNS,
  columnByKey,
  columnForHeader,
  foldDiacritics,
  normalizeHeader,
  type CadreColumn,
  type CadreColumnKey,
} from './cadre-columns.js';
import { decodeCsv, parseCsv } from './csv.js';
import { readXlsxRows, type SheetCell, type SheetRow } from './read-xlsx.js';
import { CadreSheetError, DEFAULT_SHEET_LIMITS, type SheetLimits } from './sheet-limits.js';
import { looksLikeZip } from './zip-guard.js';

export type CadreSheetFormat = 'csv' | 'xlsx';

/** A post as a row gives it: the unit is the row's `Mã đơn vị`, resolved by the store. */
export type ImportedPost = Omit<PostHeld, 'unitId'>;

/** A row's draft: a CadreDraft without unit ids, which only the units tree knows. */
export type ImportedDraft = Omit<CadreDraft, 'unitId' | 'posts'> & {
  readonly posts?: readonly ImportedPost[];
};

export interface ImportedCadre {
  readonly row: number;
  readonly unitCode: string;
  readonly draft: ImportedDraft;
}

export const IMPORT_PROBLEM_CODES = [
  'EMPTY_SHEET',
  'MISSING_COLUMN',
  'UNKNOWN_COLUMN',
  'DUPLICATE_COLUMN',
  'UNNAMED_COLUMN',
  'REQUIRED',
  'BAD_CODE',
  'DUPLICATE_CODE',
  'BAD_DATE',
  'BAD_GENDER',
  'BAD_POLITICAL_THEORY',
  'BAD_DISCIPLINE_LEVEL',
  'BAD_TEXT',
  'TOO_LONG',
  'FORMULA_TEXT',
  'CELL_ERROR',
  'DATE_ORDER',
  'INCOMPLETE',
  // Given by resolveUnitCodes, once the units tree is known.
  'UNKNOWN_UNIT',
] as const;
export type ImportProblemCode = (typeof IMPORT_PROBLEM_CODES)[number];

export interface ImportProblem {
  readonly row: number;
  /** The header as written in the file (or as the template writes it, for a missing column). */
  readonly column: string;
  readonly code: ImportProblemCode;
  readonly message: LocalizedText;
}

export interface CadreSheetResult {
  /** The rows without problems, in file order. */
  readonly rows: ImportedCadre[];
  /** Every problem, by row then column order. */
  readonly problems: ImportProblem[];
  /** Data rows read (empty rows not counted). */
  readonly rowCount: number;
}

export interface ParseOptions {
  readonly limits?: Partial<SheetLimits>;
  /** Called as rows are checked (every 500 rows and at the end): rows done, rows in all. */
  readonly onProgress?: (done: number, total: number) => void;
}

const CODE = /^[A-Za-z0-9._-]{1,40}$/;
const MAX_TEXT = 500;
const MAX_NAME = 200;
// A text cell a spreadsheet would run as a formula if the data is ever exported again.
const FORMULA_LEAD = /^[=+@\t\r]/;
// C0 controls but tab, line feed and carriage return (folded to spaces), and DEL.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Reads a cadre sheet. Returns the drafts of the valid rows and every problem (a dry run shows
 * them all; a real import refuses the file when there is any). Throws a CadreSheetError when the
 * file cannot be read at all (too large → 413, not CSV/XLSX → 415, damaged → 422).
 */
export async function parseCadreSheet(
  bytes: Buffer | Uint8Array,
  format: CadreSheetFormat,
  options: ParseOptions = {},
): Promise<CadreSheetResult> {
  const limits: SheetLimits = { ...DEFAULT_SHEET_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) {
    throw new CadreSheetError('TOO_LARGE', {
      vi: `Tệp lớn hơn ${Math.round(limits.maxBytes / 1_048_576)} MB`,
      en: `The file is larger than ${Math.round(limits.maxBytes / 1_048_576)} MB`,
    });
  }
  let rows: SheetRow[];
  if (format === 'xlsx') {
    if (!looksLikeZip(bytes)) throw notA('XLSX');
    rows = await readXlsxRows(bytes, limits);
  } else if (format === 'csv') {
    if (looksLikeZip(bytes)) throw notA('CSV');
    rows = parseCsv(decodeCsv(bytes), limits).map((cells, index) => ({ number: index + 1, cells }));
  } else {
    throw notA(String(format));
  }
  return checkRows(
    rows.filter((row) => !row.cells.every(isBlank)),
    options.onProgress,
  );
}

function notA(format: string) {
  return new CadreSheetError('NOT_A_SPREADSHEET', {
    vi: `Tệp không phải ${format}: hãy gửi tệp .xlsx hoặc .csv`,
    en: `The file is not ${format}: send an .xlsx or .csv file`,
  });
}

function isBlank(cell: SheetCell | undefined): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

interface HeaderMap {
  readonly columns: ReadonlyMap<CadreColumnKey, { index: number; header: string }>;
  readonly problems: ImportProblem[];
}

function mapHeader(header: SheetRow): HeaderMap {
  const columns = new Map<CadreColumnKey, { index: number; header: string }>();
  const problems: ImportProblem[] = [];
  const unknown = new Set<string>();
  header.cells.forEach((cell, index) => {
    if (isBlank(cell)) return;
    const written = cellText(cell);
    const column = columnForHeader(written);
    if (column === undefined) {
      // Reported once, however many columns carry the same unknown header.
      if (unknown.has(normalizeHeader(written))) return;
      unknown.add(normalizeHeader(written));
      problems.push(
        problem(header.number, written, 'UNKNOWN_COLUMN', {
          vi: `Cột "${written}" không có trong mẫu: cột này bị bỏ qua`,
          en: `Column "${written}" is not in the template: it is ignored`,
        }),
      );
    } else if (columns.has(column.key)) {
      problems.push(
        problem(header.number, written, 'DUPLICATE_COLUMN', {
          vi: `Cột "${column.header}" xuất hiện hai lần`,
          en: `Column "${column.header}" appears twice`,
        }),
      );
    } else {
      columns.set(column.key, { index, header: written });
    }
  });
  for (const column of CADRE_COLUMNS) {
    if (column.required && !columns.has(column.key)) {
      problems.push(
        problem(header.number, column.header, 'MISSING_COLUMN', {
          vi: `Thiếu cột bắt buộc "${column.header}"`,
          en: `The required column "${column.header}" is missing`,
        }),
      );
    }
  }
  return { columns, problems };
}

function checkRows(
  rows: readonly SheetRow[],
  onProgress: ParseOptions['onProgress'],
): CadreSheetResult {
  const [header, ...data] = rows;
  if (header === undefined) {
    return {
      rows: [],
      rowCount: 0,
      problems: [
        problem(1, '', 'EMPTY_SHEET', { vi: 'Tệp không có dữ liệu', en: 'The file is empty' }),
      ],
    };
  }
  const map = mapHeader(header);
  const problems = [...map.problems];
  const unnamed = new Set<number>();
  for (const row of data) {
    row.cells.forEach((cell, index) => {
      if (!isBlank(cell) && isBlank(header.cells[index])) unnamed.add(index);
    });
  }
  for (const index of [...unnamed].sort((a, b) => a - b)) {
    const name = `(${columnLetter(index)})`;
    problems.push(
      problem(header.number, name, 'UNNAMED_COLUMN', {
        vi: `Cột ${columnLetter(index)} có dữ liệu nhưng không có tiêu đề: cột này bị bỏ qua`,
        en: `Column ${columnLetter(index)} has data but no header: it is ignored`,
      }),
    );
  }
  if (data.length === 0) {
    problems.push(
      problem(header.number, '', 'EMPTY_SHEET', {
        vi: 'Tệp chỉ có dòng tiêu đề',
        en: 'The file has only the header row',
      }),
    );
  }
  const missingRequired = CADRE_COLUMNS.some(
    (column) => column.required && !map.columns.has(column.key),
  );

  const checked: { row: SheetRow; imported?: ImportedCadre; problems: ImportProblem[] }[] = [];
  data.forEach((row, index) => {
    checked.push({ row, ...checkRow(row, map) });
    if ((index + 1) % 500 === 0) onProgress?.(index + 1, data.length);
  });
  onProgress?.(data.length, data.length);

  // A code given twice is a problem on every row that has it: which one is right is the user's call.
  const rowsByCode = new Map<string, number[]>();
  for (const { row, imported } of checked) {
    const code = imported?.draft.code ?? codeOf(row, map);
    if (code === undefined) continue;
    rowsByCode.set(code, [...(rowsByCode.get(code) ?? []), row.number]);
  }
  const codeHeader = map.columns.get('code')?.header ?? columnByKey('code').header;
  for (const entry of checked) {
    const code = entry.imported?.draft.code ?? codeOf(entry.row, map);
    const same = code === undefined ? [] : (rowsByCode.get(code) ?? []);
    if (same.length > 1) {
      const others = same.filter((number) => number !== entry.row.number).join(', ');
      entry.problems.unshift(
        problem(entry.row.number, codeHeader, 'DUPLICATE_CODE', {
          vi: `Mã cán bộ "${code}" trùng với dòng ${others}`,
          en: `Cadre code "${code}" is also on row ${others}`,
        }),
      );
    }
  }
  const order = (column: string) => {
    const found = [...map.columns.values()].find((item) => item.header === column);
    return found?.index ?? -1;
  };
  for (const entry of checked) {
    problems.push(...entry.problems.sort((a, b) => order(a.column) - order(b.column)));
  }
  return {
    rows: missingRequired
      ? []
      : checked.flatMap((entry) =>
          entry.problems.length === 0 && entry.imported ? [entry.imported] : [],
        ),
    problems,
    rowCount: data.length,
  };
}

function codeOf(row: SheetRow, map: HeaderMap): string | undefined {
  const at = map.columns.get('code');
  if (at === undefined) return undefined;
  const cell = row.cells[at.index];
  if (isBlank(cell)) return undefined;
  const text = cellText(cell ?? null).trim();
  return CODE.test(text) ? text : undefined;
}

function columnLetter(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function problem(
  row: number,
  column: string,
  code: ImportProblemCode,
  message: LocalizedText,
): ImportProblem {
  return { row, column, code, message };
}

function cellText(cell: SheetCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return cell.error;
}

/** The text of a free-text cell: NFC, spaces collapsed. */
function cleanText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function formatVietnamese(date: CivilDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

// Excel's day 0 is 1899-12-30 (with its 1900 leap-year bug, serials from 61 on are right).
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function toCivilDate(cell: SheetCell): CivilDate | undefined {
  let date: CivilDate | undefined;
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return undefined;
    date = cell.toISOString().slice(0, 10);
  } else if (typeof cell === 'number') {
    if (!Number.isInteger(cell) || cell < 61 || cell > 73_051) return undefined;
    date = new Date(EXCEL_EPOCH_MS + cell * 86_400_000).toISOString().slice(0, 10);
  } else if (typeof cell === 'string') {
    const text = cell.trim();
    const vn = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    if (vn) date = `${vn[3]}-${(vn[2] ?? '').padStart(2, '0')}-${(vn[1] ?? '').padStart(2, '0')}`;
    else if (iso) date = text;
  }
  if (date === undefined || !isCivilDate(date)) return undefined;
  const year = Number(date.slice(0, 4));
  return year >= 1900 && year <= 2100 ? date : undefined;
}

const GENDERS: Readonly<Record<string, PersonFacts['gender']>> = {
  nam: 'male',
  male: 'male',
  m: 'male',
  nu: 'female',
  female: 'female',
  f: 'female',
};

const THEORY: Readonly<Record<string, PoliticalTheoryLevel>> = {
  khong: 'none',
  none: 'none',
  'so cap': 'elementary',
  elementary: 'elementary',
  'trung cap': 'intermediate',
  intermediate: 'intermediate',
  'cao cap': 'advanced',
  'cu nhan': 'advanced',
  'cao cap/cu nhan': 'advanced',
  'cao cap - cu nhan': 'advanced',
  advanced: 'advanced',
};

const DISCIPLINES: Readonly<Record<string, DisciplineRecord['level']>> = {
  'khien trach': 'reprimand',
  reprimand: 'reprimand',
  'canh cao': 'warning',
  warning: 'warning',
  'cach chuc': 'removal',
  removal: 'removal',
};

function lookup<T>(table: Readonly<Record<string, T>>, text: string): T | undefined {
  // Lower-casing Vietnamese needs no locale (only Turkish and Azeri dotted i differ).
  const key = foldDiacritics(cleanText(text).toLowerCase());
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function checkRow(
  row: SheetRow,
  map: HeaderMap,
): { imported?: ImportedCadre; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const headerOf = (key: CadreColumnKey) => map.columns.get(key)?.header ?? columnByKey(key).header;
  const report = (key: CadreColumnKey, code: ImportProblemCode, message: LocalizedText) =>
    problems.push(problem(row.number, headerOf(key), code, message));

  /** The cell's text after the checks every cell gets, or undefined when blank or refused. */
  const raw = (column: CadreColumn): SheetCell | undefined => {
    const at = map.columns.get(column.key);
    if (at === undefined) return undefined;
    const cell = row.cells[at.index] ?? null;
    if (isBlank(cell)) {
      if (column.required) {
        report(column.key, 'REQUIRED', {
          vi: `Thiếu ${column.header}`,
          en: `${column.header} is required`,
        });
      }
      return undefined;
    }
    if (typeof cell === 'object' && cell !== null && !(cell instanceof Date)) {
      report(column.key, 'CELL_ERROR', {
        vi: `Ô ${column.header} có lỗi (${cell.error})`,
        en: `The ${column.header} cell holds an error (${cell.error})`,
      });
      return undefined;
    }
    if (typeof cell === 'string') {
      const text = cell.trim();
      if (FORMULA_LEAD.test(text)) {
        report(column.key, 'FORMULA_TEXT', {
          vi: `Ô ${column.header} bắt đầu bằng "${text[0] === '\t' ? '\\t' : text[0]}": công thức không được nhận, hãy nhập giá trị`,
          en: `The ${column.header} cell starts with "${text[0] === '\t' ? '\\t' : text[0]}": formulas are not accepted, enter the value`,
        });
        return undefined;
      }
      if (CONTROL.test(text) || !(text as string & { isWellFormed(): boolean }).isWellFormed()) {
        report(column.key, 'BAD_TEXT', {
          vi: `Ô ${column.header} có ký tự điều khiển hoặc không hợp lệ`,
          en: `The ${column.header} cell holds control or invalid characters`,
        });
        return undefined;
      }
    }
    return cell;
  };

  const text = (key: CadreColumnKey, max = MAX_TEXT): string | undefined => {
    const column = columnByKey(key);
    const cell = raw(column);
    if (cell === undefined) return undefined;
    const value = cleanText(cellText(cell));
    if (value.length > max) {
      report(key, 'TOO_LONG', {
        vi: `${column.header} dài quá ${max} ký tự`,
        en: `${column.header} is longer than ${max} characters`,
      });
      return undefined;
    }
    return value;
  };

  const date = (key: CadreColumnKey): CivilDate | undefined => {
    const column = columnByKey(key);
    const cell = raw(column);
    if (cell === undefined) return undefined;
    const value = toCivilDate(cell);
    if (value === undefined) {
      report(key, 'BAD_DATE', {
        vi: `${column.header} "${cellText(cell)}" không phải ngày dd/mm/yyyy`,
        en: `${column.header} "${cellText(cell)}" is not a date (dd/mm/yyyy)`,
      });
    }
    return value;
  };

  const code = text('code', 40);
  if (code !== undefined && !CODE.test(code)) {
    report('code', 'BAD_CODE', {
      vi: `Mã cán bộ "${code}" chỉ được có 1–40 ký tự A–Z a–z 0–9 . _ -`,
      en: `Cadre code "${code}" may only have 1–40 characters A–Z a–z 0–9 . _ -`,
    });
  }
  const fullName = text('fullName', MAX_NAME);
  const genderText = text('gender');
  const gender = genderText === undefined ? undefined : lookup(GENDERS, genderText);
  if (genderText !== undefined && gender === undefined) {
    report('gender', 'BAD_GENDER', {
      vi: `Giới tính "${genderText}" phải là Nam hoặc Nữ`,
      en: `Gender "${genderText}" must be Nam (male) or Nữ (female)`,
    });
  }
  const dateOfBirth = date('dateOfBirth');
  const ethnicity = text('ethnicity');
  const hometown = text('hometown');
  const education = text('education');
  const theoryText = text('politicalTheory');
  const politicalTheory = theoryText === undefined ? undefined : lookup(THEORY, theoryText);
  if (theoryText !== undefined && politicalTheory === undefined) {
    report('politicalTheory', 'BAD_POLITICAL_THEORY', {
      vi: `Lý luận chính trị "${theoryText}" phải là Không, Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân`,
      en: `Political theory "${theoryText}" must be Không, Sơ cấp, Trung cấp, Cao cấp or Cử nhân`,
    });
  }
  const partyMemberSince = date('partyMemberSince');
  const unitCode = text('unitCode', 40);
  if (unitCode !== undefined && !CODE.test(unitCode)) {
    report('unitCode', 'BAD_CODE', {
      vi: `Mã đơn vị "${unitCode}" chỉ được có 1–40 ký tự A–Z a–z 0–9 . _ -`,
      en: `Unit code "${unitCode}" may only have 1–40 characters A–Z a–z 0–9 . _ -`,
    });
  }
  const postTitle = text('postTitle');
  const postSince = date('postSince');
  const termEndsOn = date('termEndsOn');
  const disciplineText = text('disciplineLevel');
  const disciplineLevel =
    disciplineText === undefined ? undefined : lookup(DISCIPLINES, disciplineText);
  if (disciplineText !== undefined && disciplineLevel === undefined) {
    report('disciplineLevel', 'BAD_DISCIPLINE_LEVEL', {
      vi: `Hình thức kỷ luật "${disciplineText}" phải là Khiển trách, Cảnh cáo hoặc Cách chức`,
      en: `Discipline "${disciplineText}" must be Khiển trách (reprimand), Cảnh cáo (warning) or Cách chức (removal)`,
    });
  }
  const disciplineEffectiveOn = date('disciplineEffectiveOn');
  const disciplineDecision = text('disciplineDecision');
  const disciplineIssuer = text('disciplineIssuer');

  const order = (
    earlierKey: CadreColumnKey,
    earlier: CivilDate | undefined,
    laterKey: CadreColumnKey,
    later: CivilDate | undefined,
    strict: boolean,
  ) => {
    if (earlier === undefined || later === undefined) return;
    const comparison = compareDates(earlier, later);
    if (comparison < 0 || (!strict && comparison === 0)) return;
    const a = columnByKey(earlierKey).header;
    const b = columnByKey(laterKey).header;
    report(laterKey, 'DATE_ORDER', {
      vi: `${b} (${formatVietnamese(later)}) phải sau ${a} (${formatVietnamese(earlier)})`,
      en: `${b} (${formatVietnamese(later)}) must be after ${a} (${formatVietnamese(earlier)})`,
    });
  };
  order('dateOfBirth', dateOfBirth, 'partyMemberSince', partyMemberSince, true);
  order('dateOfBirth', dateOfBirth, 'postSince', postSince, true);
  order('postSince', postSince, 'termEndsOn', termEndsOn, true);
  order('dateOfBirth', dateOfBirth, 'disciplineEffectiveOn', disciplineEffectiveOn, true);

  const present = (key: CadreColumnKey) => {
    const at = map.columns.get(key);
    return at !== undefined && !isBlank(row.cells[at.index]);
  };
  const needs = (given: CadreColumnKey, needed: readonly CadreColumnKey[]) => {
    if (!present(given)) return;
    for (const key of needed) {
      if (present(key)) continue;
      report(key, 'INCOMPLETE', {
        vi: `Có ${columnByKey(given).header} thì phải có ${columnByKey(key).header}`,
        en: `${columnByKey(key).header} is required with ${columnByKey(given).header}`,
      });
    }
  };
  needs('postTitle', ['postSince']);
  for (const key of ['postSince', 'termEndsOn'] as const) {
    if (present(key) && !present('postTitle')) needs(key, ['postTitle']);
  }
  const disciplineKeys = [
    'disciplineLevel',
    'disciplineEffectiveOn',
    'disciplineDecision',
    'disciplineIssuer',
  ] as const;
  const firstDiscipline = disciplineKeys.find(present);
  if (firstDiscipline !== undefined) {
    needs(
      firstDiscipline,
      disciplineKeys.filter((key) => key !== firstDiscipline),
    );
  }

  if (
    problems.length > 0 ||
    code === undefined ||
    fullName === undefined ||
    gender === undefined ||
    dateOfBirth === undefined ||
    unitCode === undefined
  ) {
    return { problems };
  }
  const person: PersonFacts = {
    fullName,
    gender,
    dateOfBirth,
    ...(ethnicity !== undefined && { ethnicity }),
    ...(hometown !== undefined && { hometown }),
    ...(education !== undefined && { education }),
    ...(politicalTheory !== undefined && { politicalTheory }),
    ...(partyMemberSince !== undefined && { partyMemberSince }),
  };
  const posts: ImportedPost[] =
    postTitle !== undefined && postSince !== undefined
      ? [{ postTitle, since: postSince, ...(termEndsOn !== undefined && { termEndsOn }) }]
      : [];
  const disciplines: DisciplineRecord[] =
    disciplineLevel !== undefined &&
    disciplineEffectiveOn !== undefined &&
    disciplineDecision !== undefined &&
    disciplineIssuer !== undefined
      ? [
          {
            level: disciplineLevel,
            effectiveOn: disciplineEffectiveOn,
            decisionNumber: disciplineDecision,
            issuer: disciplineIssuer,
          },
        ]
      : [];
  return {
    problems,
    imported: {
      row: row.number,
      unitCode,
      draft: {
        code,
        person,
        ...(posts.length > 0 && { posts }),
        ...(disciplines.length > 0 && { disciplines }),
      },
    },
  };
}

/** The CadreDraft of an imported row, once the store has resolved its unit code to a unit id. */
export function toCadreDraft(imported: ImportedCadre, unitId: string): CadreDraft {
  const { posts, ...rest } = imported.draft;
  return {
    ...rest,
    unitId,
    ...(posts !== undefined && { posts: posts.map((post) => ({ ...post, unitId })) }),
  };
}
