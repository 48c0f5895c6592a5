import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { vietnamDate } from '../../engine/index.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { AppConfigService } from '../config/app-config.service.js';
import { Transactions } from '../database/transactions.js';
import { Metrics } from '../metrics/metrics.js';
import { DeadlineCalendar } from './deadline-calendar.js';
import { DeadlineEvents } from './deadline-events.js';
import { DeadlineStore } from './deadline.store.js';

/** What firing one deadline did. */
export type FiredOutcome = 'markedOverdue' | 'eventSent' | 'eventRefused';

export interface FiredDeadline {
  readonly deadlineId: string;
  readonly caseId: string;
  readonly name: string;
  readonly dueOn: string;
  readonly outcome: FiredOutcome;
  /** The event sent (`eventSent`, `eventRefused`). */
  readonly event?: string;
  /** Why the case refused the event (`eventRefused`). */
  readonly refusal?: { readonly code: string; readonly message: string };
}

export interface FireReport {
  readonly now: string;
  /** The deadlines this call fired (each deadline is fired by exactly one call, ever). */
  readonly fired: readonly FiredDeadline[];
  /** Due deadlines left to a later poll: claimed by another process, or failed (logged). */
  readonly skipped: number;
}

const BATCH_SIZE = 200;
const DAY_MS = 86_400_000;

/** Seconds from the moment a deadline became due (00:00 in Vietnam the day after `dueOn`) to `at`. */
const lagSeconds = (dueOn: string, at: string): number =>
  (Date.parse(at) - (Date.parse(`${dueOn}T00:00:00+07:00`) + DAY_MS)) / 1000;

/** The scheduler as readiness sees it (GET /api/health/ready). */
export interface SchedulerStatus {
  readonly state: 'off' | 'starting' | 'polling' | 'stalled';
  readonly intervalMs: number;
  /** The end of the last poll that completed without an error. */
  readonly lastPollAt?: string;
  readonly lastError?: string;
}

type Claim = { fired: FiredDeadline } | { skipped: true };

/**
 * Fires the deadlines whose due day has passed (SPEC §6), exactly once across restarts and
 * processes. Each deadline is claimed and fired in its own transaction (DeadlineStore.claimDue:
 * case and deadline locked, re-read, marked `expired` with `fired_at`), then either the case is
 * marked overdue or the declared event is sent as the `system` actor (the DeadlineEvents port,
 * CasesService) — all committed together or not at all.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;
  private startedAt: number | undefined;
  private lastPollAt: number | undefined;
  private lastError: string | undefined;

  constructor(
    private readonly transactions: Transactions,
    private readonly events: DeadlineEvents,
    private readonly calendar: DeadlineCalendar,
    private readonly deadlines: DeadlineStore,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.deadlinePollMs;
    if (interval === 0) {
      this.logger.log('deadline scheduler off (DEADLINE_POLL_MS=0)');
      return;
    }
    // At start (deadlines that fell due while no process ran), then at every interval.
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.poll(), interval);
    this.timer.unref();
    this.poll();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    // Let a poll in progress finish before the database connection closes.
    await this.polling;
  }

  /**
   * Whether the scheduler keeps polling: `stalled` when no poll has completed for three intervals
   * (plus a minute for a long batch), e.g. the database refuses its claims.
   */
  status(now: number = Date.now()): SchedulerStatus {
    const intervalMs = this.config.deadlinePollMs;
    if (intervalMs === 0 || this.startedAt === undefined) {
      return { state: intervalMs === 0 ? 'off' : 'starting', intervalMs };
    }
    const since = this.lastPollAt ?? this.startedAt;
    const late = now - since > 3 * intervalMs + 60_000;
    return {
      state: late ? 'stalled' : this.lastPollAt === undefined ? 'starting' : 'polling',
      intervalMs,
      ...(this.lastPollAt === undefined
        ? {}
        : { lastPollAt: new Date(this.lastPollAt).toISOString() }),
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** One scheduled poll; never overlaps another in this process and never throws. */
  private poll(): void {
    if (this.polling) return;
    this.polling = this.fireDue()
      .then((report) => {
        this.lastPollAt = Date.now();
        this.lastError = undefined;
        if (report.fired.length > 0 || report.skipped > 0) {
          this.logger.log(
            `fired ${report.fired.length} deadline(s), ${report.skipped} left for a later poll`,
          );
        }
      })
      .catch((error: unknown) => {
        this.lastError = (error as Error).message;
        this.logger.error(
          `deadline poll failed: ${(error as Error).message}`,
          (error as Error).stack,
        );
      })
      .finally(() => {
        this.polling = null;
      });
  }

  /** Fires every deadline due at `now` (the clock's time by default). Safe to call concurrently. */
  async fireDue(now: Date = this.clock.now()): Promise<FireReport> {
    const at = now.toISOString();
    const fired: FiredDeadline[] = [];
    let skipped = 0;
    const seen = new Set<string>();
    for (;;) {
      const batch = (await this.candidates(at)).filter((candidate) => !seen.has(candidate.id));
      for (const candidate of batch) {
        seen.add(candidate.id);
        try {
          const claim = await this.transactions.run((manager) =>
            this.fireOne(manager, candidate.id, candidate.caseId, at),
          );
          if ('fired' in claim) {
            fired.push(claim.fired);
            this.metrics.deadlineFired(claim.fired.outcome, lagSeconds(claim.fired.dueOn, at));
          } else skipped += 1;
        } catch (error) {
          // A database failure: the transaction rolled back, the deadline stays pending and a
          // later poll tries it again.
          skipped += 1;
          this.logger.error(
            `deadline ${candidate.id} of case ${candidate.caseId} could not be fired: ${(error as Error).message}`,
            (error as Error).stack,
          );
        }
      }
      if (batch.length < BATCH_SIZE) break;
    }
    return { now: at, fired, skipped };
  }

  private async candidates(at: string): Promise<Array<{ id: string; caseId: string }>> {
    // Due days are YYYY-MM-DD: past due is a due day before today in Vietnam.
    return this.transactions.run((manager) =>
      this.deadlines.dueCandidates(manager, vietnamDate(at), BATCH_SIZE),
    );
  }

  private async fireOne(
    manager: EntityManager,
    deadlineId: string,
    caseId: string,
    at: string,
  ): Promise<Claim> {
    // Lock order as in a clerk's event: calendar (shared), case, deadline — so no deadlock.
    await this.calendar.within(manager);
    const claimed = await this.deadlines.claimDue(manager, deadlineId, caseId, at);
    if (!claimed) return { skipped: true };
    const { deadline, dueOn } = claimed;
    const base = { deadlineId: deadline.id, caseId, name: deadline.name, dueOn };

    if (!('event' in deadline.onExpiry)) {
      await this.deadlines.refreshOverdue(manager, caseId);
      this.logger.log(
        `deadline ${deadline.name} of case ${caseId} (due ${dueOn}) passed: case marked overdue`,
      );
      return { fired: { ...base, outcome: 'markedOverdue' } };
    }

    const event = deadline.onExpiry.event;
    try {
      await this.events.sendSystemEvent(
        manager,
        caseId,
        {
          type: event,
          payload: {},
          comment: `deadline "${deadline.name}" (${deadline.amount} ${deadline.unit}, due ${dueOn}) passed`,
        },
        at,
      );
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      // The case has moved on (or a rule refuses): close the deadline, leave the case as it is.
      await this.deadlines.close(manager, deadline.id, at);
      this.logger.warn(
        `deadline ${deadline.name} of case ${caseId} (due ${dueOn}) passed, but ${event} was refused (${error.code}: ${error.message}); the deadline is closed, the case unchanged`,
      );
      return {
        fired: {
          ...base,
          outcome: 'eventRefused',
          event,
          refusal: { code: error.code, message: error.message },
        },
      };
    }
    this.logger.log(
      `deadline ${deadline.name} of case ${caseId} (due ${dueOn}) passed: ${event} sent`,
    );
    return { fired: { ...base, outcome: 'eventSent', event } };
  }
}
