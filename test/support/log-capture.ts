import type { LoggerService } from '@nestjs/common';

/**
 * Collects every line the service logs: pass it as `logger` (Nest's logger) and its `stream` as
 * `requestLog.stream` (pino's request log, one JSON line per request and response).
 */
export class LogCapture implements LoggerService {
  readonly lines: string[] = [];
  readonly stream = { write: (line: string): void => void this.lines.push(line) };

  log(...parts: unknown[]): void {
    this.lines.push(
      parts.map((part) => (part instanceof Error ? part.stack : String(part))).join(' '),
    );
  }
  error(...parts: unknown[]): void {
    this.log(...parts);
  }
  warn(...parts: unknown[]): void {
    this.log(...parts);
  }
  debug(...parts: unknown[]): void {
    this.log(...parts);
  }
  verbose(...parts: unknown[]): void {
    this.log(...parts);
  }
  fatal(...parts: unknown[]): void {
    this.log(...parts);
  }

  /** The request log's lines, parsed. */
  requestLines(): Array<Record<string, unknown>> {
    return this.lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}
