import { Injectable } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service.js';

export interface AuthFailureLimiterOptions {
  /** Failed authentications allowed per client in one window; 0 turns the limiter off. */
  maxFailures: number;
  windowMs: number;
  /** The time source, in milliseconds (tests pass their own). */
  now?: () => number;
  /** Above this many tracked clients, expired entries are swept (bounds the memory). */
  sweepAbove?: number;
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * A fixed-window counter of failed authentications per client key (the IP address). A client
 * that reached the limit is refused (429) until its window ends, whatever token it sends: a
 * guessed token that happens to be right must not get through either. Successful
 * authentications are not counted. In memory, per process: several processes each keep their
 * own count (the limit is then per process).
 */
export class AuthFailureLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly now: () => number;
  private readonly sweepAbove: number;

  constructor(private readonly options: AuthFailureLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.sweepAbove = options.sweepAbove ?? 10_000;
  }

  get enabled(): boolean {
    return this.options.maxFailures > 0;
  }

  /** Seconds until the client may try again, or 0 when it is not blocked. */
  retryAfterSeconds(key: string): number {
    if (!this.enabled) return 0;
    const window = this.current(key);
    if (!window || window.failures < this.options.maxFailures) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.options.windowMs - this.now()) / 1000));
  }

  /** Counts one failed authentication of the client. */
  recordFailure(key: string): void {
    if (!this.enabled) return;
    const window = this.current(key);
    if (window) {
      window.failures += 1;
      return;
    }
    if (this.windows.size >= this.sweepAbove) this.sweep();
    this.windows.set(key, { startedAt: this.now(), failures: 1 });
  }

  /** How many clients are tracked (for tests of the memory bound). */
  get trackedClients(): number {
    return this.windows.size;
  }

  private current(key: string): Window | undefined {
    const window = this.windows.get(key);
    if (window && this.now() - window.startedAt >= this.options.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= this.options.windowMs) this.windows.delete(key);
    }
  }
}

/** The application's limiter, configured by AUTH_FAILURES_PER_MINUTE. */
@Injectable()
export class AppAuthFailureLimiter extends AuthFailureLimiter {
  constructor(config: AppConfigService) {
    super({ maxFailures: config.authFailuresPerMinute, windowMs: 60_000 });
  }
}
