import { LOG_FORMATS, type LogFormat } from '../common/log.js';
import 'reflect-metadata';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { parseDatabaseUrl } from '../database/database-url.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type AppLogLevel = (typeof LOG_LEVELS)[number];

export const SQLITE_SYNCHRONOUS_MODES = ['NORMAL', 'FULL'] as const;
export type SqliteSynchronousMode = (typeof SQLITE_SYNCHRONOUS_MODES)[number];

export const DEFAULT_DATABASE_URL = 'sqlite:data/cadreflow.sqlite';
const MEBIBYTE = 1024 * 1024;
/** BODY_LIMIT_BYTES's default: the body limit of every route but the admin routes below. */
export const BODY_LIMIT_DEFAULT = 256 * 1024;
/** ADMIN_BODY_LIMIT_BYTES's default: routes that take definitions and calendar years. */
export const ADMIN_BODY_LIMIT_DEFAULT = MEBIBYTE;

/** The names of the variables the service reads; everything else in the environment is ignored. */
export const ENVIRONMENT_VARIABLE_NAMES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'ADMIN_TOKEN',
  'BODY_LIMIT_BYTES',
  'ADMIN_BODY_LIMIT_BYTES',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'WORKFLOWS_DIR',
  'SQLITE_SYNCHRONOUS',
  'DEADLINE_POLL_MS',
  'AUTH_FAILURES_PER_MINUTE',
  'CASE_DATA_MAX_BYTES',
  'CASE_PAGE_MAX_BYTES',
  'SIGNING_KEY_FILE',
] as const;
export type EnvironmentVariableName = (typeof ENVIRONMENT_VARIABLE_NAMES)[number];

/** Variables whose value must never appear in a message or a log. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['ADMIN_TOKEN', 'DATABASE_URL']);

const IsDatabaseUrl = () =>
  ValidateBy({
    name: 'isDatabaseUrl',
    validator: {
      validate: (value: unknown) =>
        typeof value === 'string' && parseDatabaseUrl(value) !== undefined,
      defaultMessage: () =>
        'must be sqlite:<path>, sqlite::memory: or postgres://user[:password]@host[:port]/database',
    },
  });

const upperCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;
const lowerCase = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

/** The service's environment, validated at start (`ConfigModule.forRoot({ validate: validateEnv })`). */
export class EnvironmentVariables {
  @Type(() => Number)
  @IsInt({ message: 'must be an integer from 1 to 65535' })
  @Min(1, { message: 'must be an integer from 1 to 65535' })
  @Max(65535, { message: 'must be an integer from 1 to 65535' })
  PORT: number = 3000;

  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  HOST: string = '0.0.0.0';

  @IsDatabaseUrl()
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  // Bootstraps the `admin` principal with this token; long enough not to be guessed.
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters long' })
  @MaxLength(512, { message: 'must be at most 512 characters long' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })
  ADMIN_TOKEN?: string;

  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of bytes from 1024 to 104857600' })
  @Min(1024, { message: 'must be an integer number of bytes from 1024 to 104857600' })
  @Max(100 * MEBIBYTE, { message: 'must be an integer number of bytes from 1024 to 104857600' })
  BODY_LIMIT_BYTES: number = BODY_LIMIT_DEFAULT;

  // The limit of the admin routes that take definitions and calendar years (the larger of the
  // two limits applies there).
  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of bytes from 1024 to 104857600' })
  @Min(1024, { message: 'must be an integer number of bytes from 1024 to 104857600' })
  @Max(100 * MEBIBYTE, { message: 'must be an integer number of bytes from 1024 to 104857600' })
  ADMIN_BODY_LIMIT_BYTES: number = ADMIN_BODY_LIMIT_DEFAULT;

  @Transform(lowerCase)
  @IsIn(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: AppLogLevel = 'log';

  // json: one JSON object per line (the request log's shape); pretty: readable, for development.
  @Transform(lowerCase)
  @IsIn(LOG_FORMATS, { message: `must be one of ${LOG_FORMATS.join(', ')}` })
  LOG_FORMAT: LogFormat = 'json';

  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  WORKFLOWS_DIR: string = 'workflows';

  // FULL: an acknowledged event survives a power cut (SPEC §2). NORMAL is faster and may lose
  // the last acknowledged events on a power cut or OS crash: an opt-in (README).
  @Transform(upperCase)
  @IsIn(SQLITE_SYNCHRONOUS_MODES, {
    message: `must be one of ${SQLITE_SYNCHRONOUS_MODES.join(', ')}`,
  })
  SQLITE_SYNCHRONOUS: SqliteSynchronousMode = 'FULL';

  // How often the deadline scheduler looks for due deadlines; 0 turns it off in this process.
  @Type(() => Number)
  @IsInt({ message: 'must be 0 (off) or a whole number of milliseconds from 1000 to 86400000' })
  @ValidateBy({
    name: 'isPollInterval',
    validator: {
      validate: (value: unknown) =>
        value === 0 || (typeof value === 'number' && value >= 1000 && value <= 86_400_000),
      defaultMessage: () =>
        'must be 0 (off) or a whole number of milliseconds from 1000 to 86400000',
    },
  })
  DEADLINE_POLL_MS: number = 30_000;

  // Failed authentications one client IP may make per minute before 429; 0 turns it off.
  @Type(() => Number)
  @IsInt({ message: 'must be an integer from 0 (off) to 1000000' })
  @Min(0, { message: 'must be an integer from 0 (off) to 1000000' })
  @Max(1_000_000, { message: 'must be an integer from 0 (off) to 1000000' })
  AUTH_FAILURES_PER_MINUTE: number = 20;

  // The most a case's subject, its data, or one event's payload may weigh, each on its own, in
  // canonical-JSON UTF-8 bytes (what the history stores and hashes).
  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of bytes from 1024 to 16777216' })
  @Min(1024, { message: 'must be an integer number of bytes from 1024 to 16777216' })
  @Max(16 * MEBIBYTE, { message: 'must be an integer number of bytes from 1024 to 16777216' })
  CASE_DATA_MAX_BYTES: number = 64 * 1024;

  // A page of GET /api/cases stops once its items weigh this much (nextCursor goes on from there).
  @Type(() => Number)
  @IsInt({ message: 'must be an integer number of bytes from 65536 to 104857600' })
  @Min(64 * 1024, { message: 'must be an integer number of bytes from 65536 to 104857600' })
  @Max(100 * MEBIBYTE, { message: 'must be an integer number of bytes from 65536 to 104857600' })
  CASE_PAGE_MAX_BYTES: number = MEBIBYTE;

  // The Ed25519 key that signs digests (PKCS#8 PEM); created on first start when absent. Every
  // process on one database must name the same file. Default: signing-key.pem beside the SQLite
  // file, or data/signing-key.pem for PostgreSQL.
  @IsOptional()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  SIGNING_KEY_FILE?: string;
}

const describeProblem = (
  error: ValidationError,
  raw: Readonly<Record<string, unknown>>,
): string => {
  const constraints = [...new Set(Object.values(error.constraints ?? {}))].join('; ');
  // The value as the environment has it (not after conversion), unless it is a secret.
  const shown = SECRET_VARIABLES.has(error.property)
    ? ''
    : ` (got ${JSON.stringify(raw[error.property])})`;
  return `${error.property} ${constraints}${shown}`;
};

/**
 * Picks the service's variables out of `config` (an environment), applies the defaults and
 * validates them. Throws an Error naming every bad variable; never echoes a secret's value.
 */
export const validateEnv = (config: Readonly<Record<string, unknown>>): EnvironmentVariables => {
  const known: Record<string, unknown> = {};
  for (const name of ENVIRONMENT_VARIABLE_NAMES) {
    const value = config[name];
    // An empty variable (`ADMIN_TOKEN=` in a compose file) means "not set".
    if (value !== undefined && value !== null && value !== '') known[name] = value;
  }
  const env = plainToInstance(EnvironmentVariables, known);
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    throw new Error(
      `Invalid environment configuration:\n${errors.map((e) => `  - ${describeProblem(e, known)}`).join('\n')}`,
    );
  }
  return env;
};
