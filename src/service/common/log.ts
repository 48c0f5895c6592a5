import type { LoggerService, LogLevel } from '@nestjs/common';
import { pino, type DestinationStream, type Logger, type Level } from 'pino';
import pretty from 'pino-pretty';

/** `json`: one JSON object per line (production, log shippers); `pretty`: for a person (development). */
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Whether colours may be written: a terminal, and NO_COLOR unset (https://no-color.org). */
const coloursAllowed = (): boolean =>
  Boolean(process.stdout.isTTY) && (process.env.NO_COLOR ?? '') === '';

/**
 * Where a pino logger writes: stdout as JSON lines, or pino-pretty's readable lines (coloured
 * only on a terminal). A caller's own stream (tests) is used as it is.
 */
export const logDestination = (
  format: LogFormat,
  stream?: { write(line: string): void },
): DestinationStream | undefined => {
  if (stream) return stream;
  if (format === 'json') return undefined;
  return pretty({
    colorize: coloursAllowed(),
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
};

// Nest's levels in pino's.
const PINO_LEVEL_OF: Readonly<Record<LogLevel, Level>> = {
  verbose: 'trace',
  debug: 'debug',
  log: 'info',
  warn: 'warn',
  error: 'error',
  fatal: 'fatal',
};

/**
 * Nest's logger on pino, so that the application's lines and the request log share one JSON
 * shape (`level`, `time`, `pid`, `hostname`, `msg`, plus `context` and `stack`). Hand-written
 * because it is twenty lines; nestjs-pino would also replace the request log we tuned.
 */
export class PinoNestLogger implements LoggerService {
  private enabled: ReadonlySet<LogLevel>;

  constructor(
    private readonly pino: Logger,
    levels: readonly LogLevel[],
  ) {
    this.enabled = new Set(levels);
  }

  static create(format: LogFormat, levels: readonly LogLevel[]): PinoNestLogger {
    const destination = logDestination(format);
    const logger = destination ? pino({ level: 'trace' }, destination) : pino({ level: 'trace' });
    return new PinoNestLogger(logger, levels);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  // Nest calls `log(message, context)` and `error(message, stack, context)`: the last string
  // is the context; for errors a string before it is the stack.
  private write(level: LogLevel, message: unknown, rest: readonly unknown[]): void {
    if (!this.enabled.has(level)) return;
    const params = [...rest];
    const context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    const stack = params.find((param): param is string => typeof param === 'string');
    if (message instanceof Error) {
      fields.stack = message.stack;
      this.pino[PINO_LEVEL_OF[level]](fields, message.message);
      return;
    }
    if (stack !== undefined && (level === 'error' || level === 'fatal')) fields.stack = stack;
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    this.pino[PINO_LEVEL_OF[level]](fields, text);
  }
}
