import type { Language, LocalizedText } from './language.js';

/** The stable error codes of the HTTP API (SPEC §3.6); clients branch on these, never on messages. */
export const APP_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'EVENT_NOT_ALLOWED',
  'REVISION_CONFLICT',
  'CASE_INCONSISTENT',
  'RULE_NOT_SATISFIED',
  'IDEMPOTENCY_KEY_REUSED',
  'DEFINITION_INVALID',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'ALREADY_EXISTS',
  'SUPERSEDES_INVALID',
  'REGISTRY_CONFLICT',
  'FILE_UNREADABLE',
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** Extra, JSON-serialisable facts about the error (`allowed` events, the failing `rule`…). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * An error the client can act on. Services and the engine shell throw these (never
 * `HttpException`); `AppErrorFilter` is the one place that turns a code into a status and picks
 * the message's language. `message` is English (logs, `Error.message`); a `LocalizedText`
 * gives the Vietnamese one too, otherwise the code's Vietnamese sentence stands in for it.
 */
export class AppError extends Error {
  readonly texts: LocalizedText;

  constructor(
    readonly code: AppErrorCode,
    message: string | LocalizedText,
    readonly details?: ErrorDetails,
  ) {
    const texts =
      typeof message === 'string' ? { en: message, vi: VIETNAMESE_BY_CODE[code] } : message;
    super(texts.en);
    this.texts = texts;
    this.name = 'AppError';
  }

  /** The message in the language the request asked for. */
  messageIn(language: Language): string {
    return this.texts[language];
  }
}

/** What each code means, in Vietnamese, for errors whose own text has no Vietnamese yet. */
export const VIETNAMESE_BY_CODE: Readonly<Record<AppErrorCode, string>> = {
  VALIDATION_FAILED: 'Yêu cầu không hợp lệ (chi tiết trong details.errors)',
  UNAUTHENTICATED: 'Chưa xác thực: cần mã truy cập (Authorization: Bearer …) hợp lệ',
  FORBIDDEN: 'Không có quyền thực hiện thao tác này',
  NOT_FOUND: 'Không tìm thấy',
  EVENT_NOT_ALLOWED: 'Sự kiện không được phép ở bước hiện tại của hồ sơ',
  REVISION_CONFLICT: 'Dữ liệu đã thay đổi: hãy tải lại và quyết định lại',
  CASE_INCONSISTENT:
    'Hồ sơ trong cơ sở dữ liệu không khớp với lịch sử của nó; hồ sơ không nhận sự kiện nào cho đến khi quản trị viên kiểm tra',
  RULE_NOT_SATISFIED: 'Chưa đáp ứng điều kiện theo quy định',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key này đã được dùng cho một yêu cầu khác',
  DEFINITION_INVALID: 'Định nghĩa quy trình không hợp lệ (chi tiết trong details.problems)',
  PAYLOAD_TOO_LARGE: 'Nội dung yêu cầu vượt quá giới hạn cho phép',
  UNSUPPORTED_MEDIA_TYPE: 'Nội dung phải là JSON, gửi với Content-Type: application/json',
  RATE_LIMITED: 'Quá nhiều yêu cầu; hãy thử lại sau',
  ALREADY_EXISTS: 'Đã tồn tại',
  SUPERSEDES_INVALID: 'Mục được thay thế không tồn tại hoặc khác loại',
  REGISTRY_CONFLICT: 'Dữ liệu cán bộ đã thay đổi hoặc đã tồn tại',
  FILE_UNREADABLE: 'Không đọc được tệp (hỏng hoặc không đúng định dạng)',
};
