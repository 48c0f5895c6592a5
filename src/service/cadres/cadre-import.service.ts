import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { AppError } from '../common/app-error.js';
import type { Language } from '../common/language.js';
import { validationFailed, type ValidationProblem } from '../common/validation.js';
import { inScope } from '../units/scope.js';
import { UnitDirectory } from '../units/unit-directory.js';
import { CadresService } from './cadres.service.js';
import {
  CadreSheetError,
  parseCadreSheet,
  resolveUnitCodes,
  sheetFormatOf,
  type CadreSheetFormat,
  type ImportProblem,
} from './import/index.js';

/** A problem of an import as the API answers it: the sheet's row and column, in one language. */
export interface SheetProblem {
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly message: string;
}

export interface SheetImportReport {
  readonly dryRun: boolean;
  readonly format: CadreSheetFormat;
  /** SHA-256 of the file as received: the system log names the import by it. */
  readonly sha256: string;
  /** Data rows read (empty rows not counted). */
  readonly rows: number;
  /** Every problem, by row then column; a real import with any problem writes nothing. */
  readonly problems: SheetProblem[];
  readonly created: number;
  readonly changed: number;
  readonly unchanged: number;
}

const SHEET_ERROR_CODE = {
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'FILE_UNREADABLE',
} as const;

const byRowThenColumn = (a: ImportProblem, b: ImportProblem): number =>
  a.row - b.row || a.column.localeCompare(b.column, 'vi');

/**
 * `POST /api/cadres/import` (SPEC §7): a CSV or XLSX file of cadres (README lists the columns),
 * read by the pure import, its unit codes resolved to units of the caller's scope (a unit it
 * cannot see is reported like an unknown one), then applied by code in ONE transaction with a
 * system-log entry — or, with `dryRun`, every problem by row and column and nothing written.
 * The same file twice changes nothing: the natural key is "Mã cán bộ".
 */
@Injectable()
export class CadreImportService {
  constructor(
    private readonly cadres: CadresService,
    private readonly units: UnitDirectory,
  ) {}

  async importSheet(
    principal: AuthenticatedPrincipal,
    body: unknown,
    contentType: string | undefined,
    options: { readonly dryRun: boolean; readonly language: Language },
  ): Promise<SheetImportReport> {
    let format: CadreSheetFormat;
    let parsed: Awaited<ReturnType<typeof parseCadreSheet>>;
    try {
      format = sheetFormatOf(contentType);
      if (!Buffer.isBuffer(body)) throw new CadreSheetError('NOT_A_SPREADSHEET', noFile);
      parsed = await parseCadreSheet(body, format);
    } catch (error) {
      if (error instanceof CadreSheetError) {
        throw new AppError(SHEET_ERROR_CODE[error.httpStatus], error.texts, { reason: error.code });
      }
      throw error;
    }
    const sha256 = createHash('sha256').update(body).digest('hex');
    const tree = await this.units.tree();
    const unitIdByCode = new Map(
      tree.units
        .filter((unit) => inScope(principal.scope, unit.id))
        .map((unit) => [unit.code, unit.id] as const),
    );
    const resolved = resolveUnitCodes(parsed.rows, unitIdByCode);
    const problems = [...parsed.problems, ...resolved.problems].sort(byRowThenColumn);
    const report = { format, sha256, rows: parsed.rowCount };
    if (problems.length > 0) {
      if (options.dryRun) {
        return {
          dryRun: true,
          ...report,
          problems: problems.map((problem) => ({
            row: problem.row,
            column: problem.column,
            code: problem.code,
            message: problem.message[options.language],
          })),
          created: 0,
          changed: 0,
          unchanged: 0,
        };
      }
      throw validationFailed(problems.map(toValidationProblem), {
        en: `the file has ${problems.length} problem(s); nothing was imported (send it with dryRun=true to list them)`,
        vi: `Tệp có ${problems.length} lỗi; chưa nhập gì (gửi với dryRun=true để xem danh sách lỗi)`,
      });
    }
    const drafts = resolved.drafts.map(({ draft }) => draft);
    try {
      const applied = await this.cadres.importDrafts(principal, drafts, {
        dryRun: options.dryRun,
        log: { target: `sheet:${sha256}`, payload: report },
      });
      return {
        dryRun: options.dryRun,
        ...report,
        problems: [],
        created: applied.created,
        changed: applied.changed,
        unchanged: applied.unchanged,
      };
    } catch (error) {
      // The store's problems name `rows[i]` of the drafts: say which sheet row that is.
      if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
      const errors = (error.details?.['errors'] ?? []) as ValidationProblem[];
      throw validationFailed(
        errors.map((found) => {
          const index = /^rows\[(\d+)\]/.exec(found.path);
          const row = index ? resolved.drafts[Number(index[1])]?.row : undefined;
          return row === undefined
            ? found
            : { ...found, path: found.path.replace(/^rows\[\d+\]/, `row ${row}`) };
        }),
      );
    }
  }
}

const noFile = {
  en: 'the body must be the file itself (CSV or XLSX), not JSON or a form',
  vi: 'Nội dung yêu cầu phải là chính tệp (CSV hoặc XLSX), không phải JSON hay biểu mẫu',
};

const toValidationProblem = (problem: ImportProblem): ValidationProblem => ({
  path: `row ${problem.row}: ${problem.column}`,
  constraint: problem.code,
  message: `row ${problem.row}, ${problem.column}: ${problem.message.en}`,
});
