import {
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { AppError, type AppErrorCode, type ErrorDetails } from './app-error.js';
import { FRAMEWORK_ERROR_CODES } from './openapi.js';
import { preferredLanguage, type Language, type LocalizedText } from './language.js';
import { invalidField } from './validation.js';

/** The body of every error response (SPEC §3.6). */
export interface ErrorResponseBody {
  statusCode: number;
  /** An `AppErrorCode`, `INTERNAL`, or the status name (`METHOD_NOT_ALLOWED`) for rarer HTTP errors. */
  code: string;
  message: string;
  details?: ErrorDetails;
}

const assertNever = (value: never): never => {
  throw new Error(`unhandled error code ${String(value)}`);
};

/** The one place that maps error codes to HTTP status. */
export const statusForCode = (code: AppErrorCode): number => {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'DEFINITION_INVALID':
      return HttpStatus.BAD_REQUEST;
    case 'UNAUTHENTICATED':
      return HttpStatus.UNAUTHORIZED;
    case 'FORBIDDEN':
      return HttpStatus.FORBIDDEN;
    case 'NOT_FOUND':
      return HttpStatus.NOT_FOUND;
    case 'EVENT_NOT_ALLOWED':
    case 'REVISION_CONFLICT':
    case 'CASE_INCONSISTENT':
    case 'ALREADY_EXISTS':
    case 'REGISTRY_CONFLICT':
      return HttpStatus.CONFLICT;
    case 'RULE_NOT_SATISFIED':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'SUPERSEDES_INVALID':
    case 'FILE_UNREADABLE':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'PAYLOAD_TOO_LARGE':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'UNSUPPORTED_MEDIA_TYPE':
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case 'RATE_LIMITED':
      return HttpStatus.TOO_MANY_REQUESTS;
    default:
      return assertNever(code);
  }
};

const CODE_FOR_STATUS: Readonly<Partial<Record<number, AppErrorCode>>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** The code of an error response that only has a status: `NOT_FOUND`, or the status name. */
export const codeForStatus = (status: number): string => {
  const own = CODE_FOR_STATUS[status];
  if (own) return own;
  if (status === 500) return 'INTERNAL';
  const named = (STATUS_CODES[status] ?? '').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  // Only codes the OpenAPI document lists: anything rarer is HTTP_ERROR (the status says more).
  return (FRAMEWORK_ERROR_CODES as readonly string[]).includes(named) ? named : 'HTTP_ERROR';
};

interface FastifyErrorLike {
  name: string;
  code: string;
  statusCode?: number;
}

const isFastifyError = (value: unknown): value is FastifyErrorLike =>
  value instanceof Error &&
  value.name === 'FastifyError' &&
  typeof (value as { code?: unknown }).code === 'string';

interface Mapped {
  status: number;
  body: Omit<ErrorResponseBody, 'message'> & { message: LocalizedText };
  /** Logged as a server fault (with the stack), never for a client's mistake. */
  log: boolean;
}

/** The response to an AppError: its code's status, its message and details. */
const respondTo = (error: AppError): Mapped =>
  respond(statusForCode(error.code), error.code, error.texts, error.details);

/** A request that is not valid as a whole (no field of it to blame): `details.errors` all the same. */
const invalidRequest = (
  path: string,
  constraint: string,
  message: string | LocalizedText,
): Mapped => respondTo(invalidField(path, constraint, message));

/** Vietnamese for the statuses the framework answers on its own (405, 414, 431…). */
const VIETNAMESE_BY_STATUS: Readonly<Partial<Record<number, string>>> = {
  404: 'Không tìm thấy',
  405: 'Phương thức HTTP không được hỗ trợ cho đường dẫn này',
  406: 'Không thể trả lời ở định dạng được yêu cầu',
  408: 'Yêu cầu quá thời gian chờ',
  411: 'Thiếu tiêu đề Content-Length',
  413: 'Nội dung yêu cầu vượt quá giới hạn cho phép',
  414: 'Đường dẫn (URL) quá dài',
  415: 'Kiểu nội dung không được hỗ trợ',
  429: 'Quá nhiều yêu cầu; hãy thử lại sau',
  431: 'Tiêu đề yêu cầu quá lớn',
  500: 'Đã xảy ra lỗi nội bộ; lỗi đã được ghi lại',
  503: 'Dịch vụ tạm thời không sẵn sàng',
};

/** A framework's English text with the status's Vietnamese beside it. */
const withVietnamese = (status: number, en: string): LocalizedText => ({
  en,
  vi: VIETNAMESE_BY_STATUS[status] ?? `Lỗi HTTP ${status}`,
});

const respond = (
  status: number,
  code: string,
  message: string | LocalizedText,
  details?: ErrorDetails,
): Mapped => {
  const texts = typeof message === 'string' ? withVietnamese(status, message) : message;
  return {
    status,
    body:
      details === undefined
        ? { statusCode: status, code, message: texts }
        : { statusCode: status, code, message: texts, details },
    log: false,
  };
};

/** The body as sent: the message in the request's language. */
export const inLanguage = (
  body: Omit<ErrorResponseBody, 'message'> & { message: LocalizedText },
  language: Language,
): ErrorResponseBody => ({ ...body, message: body.message[language] });

export interface AppErrorFilterOptions {
  /** The body limit, for the message of a 413. */
  bodyLimitBytes?: number;
  /** The body limit of the route that was called, when routes have different ones. */
  bodyLimitOf?: (request: FastifyRequest) => number;
  /** Told of every error answer (the metrics count them by code). */
  onAnswer?: (code: string, status: number) => void;
}

/**
 * The one global exception filter: every error response of the API has the shape
 * `{statusCode, code, message, details?}`. Client mistakes keep their 4xx status; anything
 * unexpected becomes a 500 `INTERNAL` with a generic message and is logged with the request id.
 */
@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppErrorFilter.name);

  constructor(private readonly options: AppErrorFilterOptions = {}) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const mapped = this.map(exception, request);

    if (mapped.log) {
      // The method and path only: headers (Authorization) and bodies never reach the log.
      this.logger.error(
        `request ${request.id} ${request.method} ${request.url} failed: ${describe(exception)}`,
        exception instanceof Error ? exception.stack : undefined,
      );
    }
    if (reply.sent) return;
    this.options.onAnswer?.(mapped.body.code, mapped.status);
    if (mapped.status === 401) reply.header('www-authenticate', 'Bearer realm="cadreflow"');
    const language = preferredLanguage(request.headers['accept-language']);
    void reply
      .code(mapped.status)
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .send(inLanguage(mapped.body, language));
  }

  private map(exception: unknown, request: FastifyRequest): Mapped {
    if (exception instanceof AppError) return respondTo(exception);
    if (exception instanceof HttpException) return this.mapHttpException(exception, request);
    if (isFastifyError(exception)) {
      const fastifyMapped = this.mapFastifyError(exception, request);
      if (fastifyMapped) return fastifyMapped;
    }
    return {
      ...respond(500, 'INTERNAL', 'an internal error occurred; it has been logged', {
        requestId: request.id,
      }),
      log: true,
    };
  }

  private mapHttpException(exception: HttpException, request: FastifyRequest): Mapped {
    const cause: unknown = exception.cause;
    if (isFastifyError(cause)) {
      const fastifyMapped = this.mapFastifyError(cause, request);
      if (fastifyMapped) return fastifyMapped;
    }
    const status = exception.getStatus();
    if (status >= 500) {
      // A 503 is a deliberate answer (health); other 5xx exceptions are faults to look at.
      return {
        ...respond(status, codeForStatus(status), messageOf(exception), detailsOf(exception)),
        log: status !== 503,
      };
    }
    if (status === 404) {
      // Nest's message for an unknown route is "Cannot GET /api/x".
      const route = /^Cannot (\S+) (.*)$/.exec(exception.message);
      if (route) {
        return respond(404, 'NOT_FOUND', {
          en: `there is no route ${route[1]} ${route[2]}`,
          vi: `Không có đường dẫn ${route[1]} ${route[2]}`,
        });
      }
    }
    if (status === 400) return invalidRequest('request', 'isValidRequest', messageOf(exception));
    return respond(status, codeForStatus(status), messageOf(exception));
  }

  private mapFastifyError(error: FastifyErrorLike, request: FastifyRequest): Mapped | undefined {
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return invalidRequest('body', 'isJson', {
          en: 'the body is not valid JSON',
          vi: 'Nội dung yêu cầu không phải JSON hợp lệ',
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return invalidRequest('body', 'isNotEmpty', {
          en: 'the body is empty; send a JSON document',
          vi: 'Nội dung yêu cầu trống; hãy gửi một tài liệu JSON',
        });
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return invalidRequest(
          'Content-Length',
          'matchesBody',
          'the Content-Length header does not match the body',
        );
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        const limit = this.options.bodyLimitOf?.(request) ?? this.options.bodyLimitBytes;
        const suffix = limit === undefined ? '' : ` of ${limit} bytes`;
        return respond(413, 'PAYLOAD_TOO_LARGE', {
          en: `the body is larger than the limit${suffix}`,
          vi: `Nội dung yêu cầu vượt quá giới hạn${limit === undefined ? '' : ` ${limit} byte`}`,
        });
      }
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return respond(
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'the body must be JSON, sent with Content-Type: application/json',
        );
      default: {
        const status = error.statusCode;
        if (status === 400) {
          return invalidRequest('request', 'isValidRequest', (error as unknown as Error).message);
        }
        if (status !== undefined && status > 400 && status < 500) {
          return respond(status, codeForStatus(status), (error as unknown as Error).message);
        }
        return undefined;
      }
    }
  }
}

const messageOf = (exception: HttpException): string => {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
};

/** `details` a service put in its exception's response object (readiness's failed checks). */
const detailsOf = (exception: HttpException): ErrorDetails | undefined => {
  const response = exception.getResponse();
  if (typeof response !== 'object' || response === null) return undefined;
  const details = (response as { details?: unknown }).details;
  return typeof details === 'object' && details !== null && !Array.isArray(details)
    ? (details as ErrorDetails)
    : undefined;
};

const describe = (exception: unknown): string =>
  exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
