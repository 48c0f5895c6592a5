/**
 * The columns of a cadre import sheet (SPEC §7, "Import"): the single source for the parser, the
 * template export and the README table. Headers are Vietnamese, matched tolerantly (case, spacing,
 * NFC/NFD, and without diacritics); the English key is accepted too.
 */
import type { LocalizedText } from '../../common/language.js';

export type CadreColumnKey =
  | 'code'
  | 'fullName'
  | 'gender'
  | 'dateOfBirth'
  | 'ethnicity'
  | 'hometown'
  | 'education'
  | 'politicalTheory'
  | 'partyMemberSince'
  | 'unitCode'
  | 'postTitle'
  | 'postSince'
  | 'termEndsOn'
  | 'disciplineLevel'
  | 'disciplineEffectiveOn'
  | 'disciplineDecision'
  | 'disciplineIssuer';

export type CadreColumnKind =
  'code' | 'text' | 'date' | 'gender' | 'politicalTheory' | 'discipline';

export interface CadreColumn {
  readonly key: CadreColumnKey;
  /** The header as the template writes it. */
  readonly header: string;
  readonly kind: CadreColumnKind;
  readonly required: boolean;
  readonly description: LocalizedText;
  /** A value as a user would type it, for the template and the README. */
  readonly example: string;
}

export const CADRE_COLUMNS: readonly CadreColumn[] = [
  {
    key: 'code',
    header: 'Mã cán bộ',
    kind: 'code',
    required: true,
    description: {
      vi: 'Khóa tự nhiên: duy nhất trong tệp, 1–40 ký tự A–Z a–z 0–9 . _ -',
      en: 'The natural key: unique in the file, 1–40 characters A–Z a–z 0–9 . _ -',
    },
    example: 'CB-0001',
  },
  {
    key: 'fullName',
    header: 'Họ và tên',
    kind: 'text',
    required: true,
    description: { vi: 'Họ, tên đệm và tên', en: 'Full name' },
    example: 'Nguyễn Thị Hồng Nhung',
  },
  {
    key: 'gender',
    header: 'Giới tính',
    kind: 'gender',
    required: true,
    description: { vi: 'Nam hoặc Nữ', en: 'Nam (male) or Nữ (female)' },
    example: 'Nữ',
  },
  {
    key: 'dateOfBirth',
    header: 'Ngày sinh',
    kind: 'date',
    required: true,
    description: {
      vi: 'dd/mm/yyyy, hoặc ô kiểu ngày của Excel',
      en: 'dd/mm/yyyy, or an Excel date cell',
    },
    example: '15/08/1966',
  },
  {
    key: 'ethnicity',
    header: 'Dân tộc',
    kind: 'text',
    required: false,
    description: { vi: 'Dân tộc', en: 'Ethnicity' },
    example: 'Kinh',
  },
  {
    key: 'hometown',
    header: 'Quê quán',
    kind: 'text',
    required: false,
    description: { vi: 'Quê quán', en: 'Hometown' },
    example: 'Nam Định',
  },
  {
    key: 'education',
    header: 'Trình độ chuyên môn',
    kind: 'text',
    required: false,
    description: { vi: 'Trình độ chuyên môn', en: 'Professional qualification' },
    example: 'Thạc sĩ Luật',
  },
  {
    key: 'politicalTheory',
    header: 'Lý luận chính trị',
    kind: 'politicalTheory',
    required: false,
    description: {
      vi: 'Không, Sơ cấp, Trung cấp, Cao cấp hoặc Cử nhân',
      en: 'Không (none), Sơ cấp (elementary), Trung cấp (intermediate), Cao cấp or Cử nhân (advanced)',
    },
    example: 'Cao cấp',
  },
  {
    key: 'partyMemberSince',
    header: 'Ngày vào Đảng',
    kind: 'date',
    required: false,
    description: { vi: 'dd/mm/yyyy', en: 'Party membership date, dd/mm/yyyy' },
    example: '03/02/1990',
  },
  {
    key: 'unitCode',
    header: 'Mã đơn vị',
    kind: 'code',
    required: true,
    description: {
      vi: 'Mã của đơn vị quản lý cán bộ (cây đơn vị)',
      en: 'The code of the unit that manages the cadre (units tree)',
    },
    example: 'SO-NV',
  },
  {
    key: 'postTitle',
    header: 'Chức vụ',
    kind: 'text',
    required: false,
    description: { vi: 'Chức vụ hiện giữ', en: 'Post currently held' },
    example: 'Phó Giám đốc',
  },
  {
    key: 'postSince',
    header: 'Giữ chức vụ từ',
    kind: 'date',
    required: false,
    description: {
      vi: 'dd/mm/yyyy; bắt buộc khi có Chức vụ',
      en: 'dd/mm/yyyy; required with a post',
    },
    example: '01/07/2022',
  },
  {
    key: 'termEndsOn',
    header: 'Hết nhiệm kỳ',
    kind: 'date',
    required: false,
    description: {
      vi: 'dd/mm/yyyy; sau ngày giữ chức vụ',
      en: 'dd/mm/yyyy; after the post’s start',
    },
    example: '30/06/2027',
  },
  {
    key: 'disciplineLevel',
    header: 'Hình thức kỷ luật',
    kind: 'discipline',
    required: false,
    description: {
      vi: 'Khiển trách, Cảnh cáo hoặc Cách chức (kỷ luật còn trong thời hạn chờ)',
      en: 'Khiển trách (reprimand), Cảnh cáo (warning) or Cách chức (removal)',
    },
    example: '',
  },
  {
    key: 'disciplineEffectiveOn',
    header: 'Ngày kỷ luật có hiệu lực',
    kind: 'date',
    required: false,
    description: {
      vi: 'dd/mm/yyyy; bắt buộc khi có hình thức kỷ luật',
      en: 'dd/mm/yyyy; required with a discipline',
    },
    example: '',
  },
  {
    key: 'disciplineDecision',
    header: 'Số quyết định kỷ luật',
    kind: 'text',
    required: false,
    description: {
      vi: 'Bắt buộc khi có hình thức kỷ luật',
      en: 'Decision number; required with a discipline',
    },
    example: '',
  },
  {
    key: 'disciplineIssuer',
    header: 'Cơ quan kỷ luật',
    kind: 'text',
    required: false,
    description: {
      vi: 'Cơ quan ra quyết định; bắt buộc khi có hình thức kỷ luật',
      en: 'Issuing body; required with a discipline',
    },
    example: '',
  },
];

/** Lower case, NFC, single spaces, no surrounding spaces or trailing `*`/`:` marks. */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s\u00a0\u200b\ufeff]+/g, ' ')
    .replace(/[*:]+\s*$/u, '')
    .trim();
}

/** The header without diacritics (đ → d), for headers typed on a keyboard without Vietnamese. */
export function foldDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}

const BY_HEADER: ReadonlyMap<string, CadreColumn> = new Map(
  CADRE_COLUMNS.flatMap((column) => [
    [normalizeHeader(column.header), column],
    [foldDiacritics(normalizeHeader(column.header)), column],
    [normalizeHeader(column.key), column],
  ]),
);

/** The column a header names, or undefined. */
export function columnForHeader(header: string): CadreColumn | undefined {
  const normalized = normalizeHeader(header);
  return BY_HEADER.get(normalized) ?? BY_HEADER.get(foldDiacritics(normalized));
}

const BY_KEY: ReadonlyMap<CadreColumnKey, CadreColumn> = new Map(
  CADRE_COLUMNS.map((column) => [column.key, column]),
);

export function columnByKey(key: CadreColumnKey): CadreColumn {
  const column = BY_KEY.get(key);
  if (column === undefined) throw new RangeError(`Unknown cadre column: ${key}`);
  return column;
}

/** The columns as a Markdown table, for the README and the template guide. */
export function cadreColumnsMarkdown(): string {
  const lines = [
    '| Cột (header) | Bắt buộc | Nội dung | Meaning | Ví dụ |',
    '|---|---|---|---|---|',
    ...CADRE_COLUMNS.map(
      (column) =>
        `| ${column.header} | ${column.required ? 'có' : ''} | ${column.description.vi} | ${column.description.en} | ${column.example} |`,
    ),
  ];
  return lines.join('\n');
}
