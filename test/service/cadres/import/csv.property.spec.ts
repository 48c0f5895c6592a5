import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parseCsv } from '../../../../src/service/cadres/import/csv.js';
import {
  DEFAULT_SHEET_LIMITS,
  writeCadreSheet,
} from '../../../../src/service/cadres/import/index.js';

describe('parseCsv', () => {
  it('reads back what writeCadreSheet wrote, whatever the quotes, separators and line breaks', async () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'Đ', 'ữ', ' ', ',', ';', '"', '\n', '\r\n', 'x'),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 8 }),
        fc.constantFrom(',' as const, ';' as const),
        async (pairs, separator) => {
          const rows = pairs.map(([fullName, hometown]) => ({ fullName, hometown }));
          const bytes = await writeCadreSheet(rows, {
            format: 'csv',
            separator,
            bom: false,
            columns: ['fullName', 'hometown'],
          });
          const records = parseCsv(bytes.toString('utf8'), DEFAULT_SHEET_LIMITS, separator);
          expect(records).toEqual([['Họ và tên', 'Quê quán'], ...pairs.map(([a, b]) => [a, b])]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
