import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppLogLevel, EnvironmentVariables, SqliteSynchronousMode } from './env.validation.js';

/** Typed, validated access to the service's environment (see `EnvironmentVariables`). */
@Injectable()
export class AppConfigService {
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  get port(): number {
    return this.config.get('PORT', { infer: true });
  }

  get host(): string {
    return this.config.get('HOST', { infer: true });
  }

  get databaseUrl(): string {
    return this.config.get('DATABASE_URL', { infer: true });
  }

  /** The token of the bootstrap `admin` principal, when the operator chose one. */
  get adminToken(): string | undefined {
    return this.config.get('ADMIN_TOKEN', { infer: true });
  }

  get bodyLimitBytes(): number {
    return this.config.get('BODY_LIMIT_BYTES', { infer: true });
  }

  /** The body limit of the admin routes that take definitions and calendar years. */
  get adminBodyLimitBytes(): number {
    return Math.max(
      this.config.get('ADMIN_BODY_LIMIT_BYTES', { infer: true }),
      this.bodyLimitBytes,
    );
  }

  get logLevel(): AppLogLevel {
    return this.config.get('LOG_LEVEL', { infer: true });
  }

  get workflowsDir(): string {
    return this.config.get('WORKFLOWS_DIR', { infer: true });
  }

  get sqliteSynchronous(): SqliteSynchronousMode {
    return this.config.get('SQLITE_SYNCHRONOUS', { infer: true });
  }

  /** Milliseconds between deadline-scheduler polls; 0: the scheduler does not poll. */
  get deadlinePollMs(): number {
    return this.config.get('DEADLINE_POLL_MS', { infer: true });
  }

  /** Failed authentications per client IP and minute before 429 RATE_LIMITED; 0: no limit. */
  get authFailuresPerMinute(): number {
    return this.config.get('AUTH_FAILURES_PER_MINUTE', { infer: true });
  }

  /** Canonical-JSON UTF-8 bytes a case subject, case data or event payload may take, each. */
  get caseDataMaxBytes(): number {
    return this.config.get('CASE_DATA_MAX_BYTES', { infer: true });
  }

  /** Serialized bytes after which a page of cases stops (at least one item is always given). */
  get casePageMaxBytes(): number {
    return this.config.get('CASE_PAGE_MAX_BYTES', { infer: true });
  }

  /** SIGNING_KEY_FILE, when set; the default depends on DATABASE_URL (see signing-key.ts). */
  get signingKeyFile(): string | undefined {
    return this.config.get('SIGNING_KEY_FILE', { infer: true });
  }
}
