/**
 * A seeded cadre sheet for import tests: `count` rows (default 1,000) of Vietnamese names with
 * their diacritics, 3 unit codes, posts with 5-year terms, a few disciplines; the same seed gives
 * the same sheet. With `badRows: true`, exactly 5 rows are spoiled, each in one known way, and
 * `expected` lists the problems the parser must report (row and column); without it, the same
 * rows unspoiled: the "fixed" file.
 */
import type { CadreSheetRow } from '../../src/service/cadres/import/index.js';

export const FIXTURE_UNIT_CODES = ['SO-NV', 'SO-TC', 'UBND-HX'] as const;

export interface ExpectedProblem {
  readonly row: number;
  readonly column: string;
  readonly code: string;
}

export interface CadreSheetFixture {
  readonly rows: CadreSheetRow[];
  /** The problems the spoiled rows give, sorted by row; empty without `badRows`. */
  readonly expected: ExpectedProblem[];
  /** The sheet row numbers (header = 1) of the spoiled rows. */
  readonly badRowNumbers: number[];
}

export interface FixtureOptions {
  readonly seed?: number;
  readonly count?: number;
  readonly badRows?: boolean;
  /** Write dates as Excel date cells on every other row (XLSX), else as dd/mm/yyyy text. */
  readonly dateCells?: boolean;
}

/** mulberry32: a small deterministic PRNG, enough for test data. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const HO = [
  'Nguyễn',
  'Trần',
  'Lê',
  'Phạm',
  'Hoàng',
  'Huỳnh',
  'Phan',
  'Vũ',
  'Võ',
  'Đặng',
  'Bùi',
  'Đỗ',
  'Hồ',
  'Ngô',
  'Dương',
  'Lý',
];
const DEM_NAM = ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thanh', 'Công', 'Xuân', 'Đình'];
const DEM_NU = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Hồng', 'Mỹ', 'Bích', 'Thùy'];
const TEN_NAM = [
  'Hùng',
  'Dũng',
  'Tuấn',
  'Hải',
  'Long',
  'Quang',
  'Thắng',
  'Đạt',
  'Khánh',
  'Phúc',
  'Cường',
  'Nghĩa',
];
const TEN_NU = [
  'Lan',
  'Hương',
  'Hạnh',
  'Nhung',
  'Thảo',
  'Trang',
  'Yến',
  'Ngân',
  'Loan',
  'Phượng',
  'Huyền',
  'Oanh',
];
const DAN_TOC = ['Kinh', 'Kinh', 'Kinh', 'Kinh', 'Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'H’Mông'];
const QUE = [
  'Nam Định',
  'Thái Bình',
  'Nghệ An',
  'Hà Tĩnh',
  'Thanh Hóa',
  'Quảng Nam',
  'Hải Dương',
  'Bắc Ninh',
  'Cần Thơ',
  'Đắk Lắk',
];
const TRINH_DO = [
  'Cử nhân Luật',
  'Cử nhân Kinh tế',
  'Thạc sĩ Quản lý công',
  'Thạc sĩ Luật',
  'Tiến sĩ Kinh tế',
  'Kỹ sư Xây dựng',
];
const LLCT = ['Sơ cấp', 'Trung cấp', 'Cao cấp', 'Cử nhân', ''];
const CHUC_VU = ['Giám đốc', 'Phó Giám đốc', 'Trưởng phòng', 'Phó Trưởng phòng', 'Chánh Văn phòng'];

export function cadreSheetFixture(options: FixtureOptions = {}): CadreSheetFixture {
  const random = prng(options.seed ?? 20_261_207);
  const count = options.count ?? 1_000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const between = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const dateParts = (year: number) => ({ year, month: between(1, 12), day: between(1, 28) });
  const asText = ({ year, month, day }: { year: number; month: number; day: number }) =>
    `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
  const rows: CadreSheetRow[] = [];
  for (let index = 0; index < count; index += 1) {
    const male = random() < 0.55;
    const name = `${pick(HO)} ${pick(male ? DEM_NAM : DEM_NU)} ${pick(male ? TEN_NAM : TEN_NU)}`;
    const birth = dateParts(between(1966, 1995));
    const asCell = (parts: { year: number; month: number; day: number }) =>
      options.dateCells === true && index % 2 === 1
        ? new Date(Date.UTC(parts.year, parts.month - 1, parts.day))
        : asText(parts);
    const row: Record<string, string | Date> = {
      code: `CB-${String(index + 1).padStart(4, '0')}`,
      fullName: name,
      gender: male ? 'Nam' : 'Nữ',
      dateOfBirth: asCell(birth),
      ethnicity: pick(DAN_TOC),
      hometown: pick(QUE),
      education: pick(TRINH_DO),
      politicalTheory: pick(LLCT),
      partyMemberSince: asCell(dateParts(birth.year + between(22, 28))),
      unitCode: FIXTURE_UNIT_CODES[index % FIXTURE_UNIT_CODES.length] as string,
    };
    if (random() < 0.6) {
      const since = dateParts(between(2021, 2025));
      row['postTitle'] = pick(CHUC_VU);
      row['postSince'] = asCell(since);
      row['termEndsOn'] = asCell({ ...since, year: since.year + 5 });
    }
    if (random() < 0.03) {
      row['disciplineLevel'] = pick(['Khiển trách', 'Cảnh cáo']);
      row['disciplineEffectiveOn'] = asCell(dateParts(between(2022, 2025)));
      row['disciplineDecision'] = `${between(10, 999)}-QĐ/UBKT`;
      row['disciplineIssuer'] = 'Ủy ban Kiểm tra Tỉnh ủy';
    }
    for (const key of Object.keys(row)) if (row[key] === '') delete row[key];
    rows.push(row);
  }
  if (options.badRows !== true || count < 10) return { rows, expected: [], badRowNumbers: [] };

  // Five distinct rows, chosen by the seed; the end-of-term one among the rows with a post.
  const taken = new Set<number>();
  const choose = (accept: (row: CadreSheetRow) => boolean = () => true): number => {
    for (;;) {
      const index = between(0, count - 1);
      if (!taken.has(index) && accept(rows[index] as CadreSheetRow)) {
        taken.add(index);
        return index;
      }
    }
  };
  const sheetRow = (index: number) => index + 2;
  const expected: ExpectedProblem[] = [];
  const spoil = (index: number, change: CadreSheetRow) => {
    rows[index] = { ...rows[index], ...change };
  };

  const badDate = choose();
  spoil(badDate, { dateOfBirth: '31/02/1980' });
  expected.push({ row: sheetRow(badDate), column: 'Ngày sinh', code: 'BAD_DATE' });

  const badGender = choose();
  spoil(badGender, { gender: 'Nam giới' });
  expected.push({ row: sheetRow(badGender), column: 'Giới tính', code: 'BAD_GENDER' });

  const missingName = choose();
  spoil(missingName, { fullName: '' });
  expected.push({ row: sheetRow(missingName), column: 'Họ và tên', code: 'REQUIRED' });

  // The copy takes the bad-gender row's code, so that both rows of the pair are among the five.
  const duplicate = choose();
  spoil(duplicate, { code: rows[badGender]?.code });
  expected.push({ row: sheetRow(duplicate), column: 'Mã cán bộ', code: 'DUPLICATE_CODE' });
  expected.push({ row: sheetRow(badGender), column: 'Mã cán bộ', code: 'DUPLICATE_CODE' });

  const termBeforeStart = choose((row) => row.postSince !== undefined);
  spoil(termBeforeStart, { postSince: '01/07/2024', termEndsOn: '30/06/2024' });
  expected.push({ row: sheetRow(termBeforeStart), column: 'Hết nhiệm kỳ', code: 'DATE_ORDER' });

  expected.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return {
    rows,
    expected,
    badRowNumbers: [...taken].map(sheetRow).sort((a, b) => a - b),
  };
}
