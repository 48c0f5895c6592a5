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
] as const;

export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** Extra, JSON-serialisable facts about the error (`allowed` events, the failing `rule`…). */
export type ErrorDetails = Readonly<Record<string, unknown>>;

/**
 * An error the client can act on. Services and the engine shell throw these (never
 * `HttpException`); `AppErrorFilter` is the one place that turns a code into a status.
 */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.name = 'AppError';
  }
}
