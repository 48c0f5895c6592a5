/**
 * The step between the parser and the store: unit codes (as the sheet writes them) to unit ids
 * (as the units tree knows them), and the request's media type to a sheet format. Pure.
 */
import type { CadreDraft } from '../../../engine/index.js';
import { columnByKey } from './cadre-columns.js';
import {
  toCadreDraft,
  type CadreSheetFormat,
  type ImportedCadre,
  type ImportProblem,
} from './parse-cadre-sheet.js';
import { CadreSheetError } from './sheet-limits.js';

export interface ResolvedImport {
  /** With their sheet row, for the store's own problems (e.g. a unit outside the scope). */
  readonly drafts: { readonly row: number; readonly draft: CadreDraft }[];
  /** `UNKNOWN_UNIT` on every row whose unit code is not in `unitIdByCode`. */
  readonly problems: ImportProblem[];
}

/**
 * The CadreDrafts of imported rows, given the unit ids by code of the units the principal may
 * import into (a code outside the scope is reported like an unknown one: the file reveals
 * nothing of units the principal cannot see).
 */
export function resolveUnitCodes(
  rows: readonly ImportedCadre[],
  unitIdByCode: ReadonlyMap<string, string>,
): ResolvedImport {
  const drafts: ResolvedImport['drafts'] = [];
  const problems: ImportProblem[] = [];
  const header = columnByKey('unitCode').header;
  for (const row of rows) {
    const unitId = unitIdByCode.get(row.unitCode);
    if (unitId === undefined) {
      problems.push({
        row: row.row,
        column: header,
        code: 'UNKNOWN_UNIT',
        message: {
          vi: `Không có đơn vị mã "${row.unitCode}" trong phạm vi được nhập`,
          en: `No unit with code "${row.unitCode}" in the scope you may import into`,
        },
      });
    } else {
      drafts.push({ row: row.row, draft: toCadreDraft(row, unitId) });
    }
  }
  return { drafts, problems };
}

/** The sheet format of a request body, from its media type (parameters ignored), else 415. */
export function sheetFormatOf(contentType: string | undefined): CadreSheetFormat {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  throw new CadreSheetError('NOT_A_SPREADSHEET', {
    vi: 'Nội dung phải là tệp .xlsx hoặc .csv (Content-Type: text/csv hoặc application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)',
    en: 'The body must be an .xlsx or .csv file (Content-Type: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)',
  });
}
