import { describe, expect, it } from '@jest/globals';
import {
  CadreSheetError,
  parseCadreSheet,
  resolveUnitCodes,
  sheetFormatOf,
} from '../../../../src/service/cadres/import/index.js';

describe('resolveUnitCodes', () => {
  it('gives CadreDrafts with the unit ids, posts included, and UNKNOWN_UNIT on the other rows', async () => {
    const sheet = Buffer.from(
      [
        'Mã cán bộ,Họ và tên,Giới tính,Ngày sinh,Mã đơn vị,Chức vụ,Giữ chức vụ từ',
        'K1,Đặng Văn Khánh,Nam,01/01/1975,SO-NV,Chánh Văn phòng,02/01/2024',
        'K2,Hồ Thị Loan,Nữ,01/01/1976,SO-XD,,',
      ].join('\n'),
    );
    const { rows } = await parseCadreSheet(sheet, 'csv');
    const resolved = resolveUnitCodes(rows, new Map([['SO-NV', 'unit-nv']]));
    expect(resolved.drafts).toEqual([
      {
        row: 2,
        draft: {
          code: 'K1',
          unitId: 'unit-nv',
          person: { fullName: 'Đặng Văn Khánh', gender: 'male', dateOfBirth: '1975-01-01' },
          posts: [{ postTitle: 'Chánh Văn phòng', since: '2024-01-02', unitId: 'unit-nv' }],
        },
      },
    ]);
    expect(resolved.problems).toEqual([
      expect.objectContaining({ row: 3, column: 'Mã đơn vị', code: 'UNKNOWN_UNIT' }),
    ]);
  });

  it('reads the sheet format from the media type, else refuses with 415', () => {
    expect(sheetFormatOf('text/csv; charset=utf-8')).toBe('csv');
    expect(sheetFormatOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
      'xlsx',
    );
    expect(() => sheetFormatOf('application/json')).toThrow(CadreSheetError);
    expect(() => sheetFormatOf(undefined)).toThrow(expect.objectContaining({ httpStatus: 415 }));
  });
});
