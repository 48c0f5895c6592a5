import type { FastifyRequest } from 'fastify';
import { AppError } from './app-error.js';
import { routeHas, SHEET_BODY_ROUTE } from './route-flags.js';

type ParserDone = (error: Error | null, body?: unknown) => void;

/** The media types of a spreadsheet body (CSV, Office Open XML workbook). */
export const SHEET_MEDIA_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/** What a sheet route may receive: larger than a JSON body, far below a denial of service. */
export const SHEET_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/**
 * Spreadsheets as raw bytes, for the routes marked @SheetBody() only (the cadre import): the
 * handler gets the Buffer and the import reads it (limits, zip-bomb guard). 415 elsewhere.
 */
export const parseSheetBody = (request: FastifyRequest, body: Buffer, done: ParserDone): void => {
  if (request.is404) {
    done(null, undefined);
    return;
  }
  if (!routeHas(request.routeOptions.config, SHEET_BODY_ROUTE)) {
    done(
      new AppError('UNSUPPORTED_MEDIA_TYPE', {
        en: 'this route takes JSON bodies only (spreadsheets go to POST /api/cadres/import)',
        vi: 'Đường dẫn này chỉ nhận nội dung JSON (bảng tính gửi tới POST /api/cadres/import)',
      }),
    );
    return;
  }
  done(null, body);
};
