import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isOverdue, vietnamDate } from '../../engine/index.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { CaseEntity } from '../cases/case.entity.js';
import { CasesService } from '../cases/cases.service.js';
import { DeadlineEntity } from '../cases/deadline.entity.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { AppConfigService } from '../config/app-config.service.js';
import { isPostgres } from '../database/data-source-options.js';
import { runInTransaction } from '../database/transaction-runner.js';

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

type Claim = { fired: FiredDeadline } | { skipped: true };

/**
 * Fires the deadlines whose due day has passed (SPEC §6), exactly once across restarts and
 * processes. Each deadline is claimed and fired in its own transaction: the case row and the
 * deadline row are locked (`FOR UPDATE SKIP LOCKED` on PostgreSQL; SQLite transactions are
 * exclusive), the deadline is re-read and must still be pending and past due, then it is marked
 * `expired` with `fired_at`, and either the case is marked overdue or the declared event is sent
 * as the `system` actor through CasesService — all committed together or not at all.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly calendars: CalendarService,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.deadlinePollMs;
    if (interval === 0) {
      this.logger.log('deadline scheduler off (DEADLINE_POLL_MS=0)');
      return;
    }
    // At start (deadlines that fell due while no process ran), then at every interval.
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

  /** One scheduled poll; never overlaps another in this process and never throws. */
  private poll(): void {
    if (this.polling) return;
    this.polling = this.fireDue()
      .then((report) => {
        if (report.fired.length > 0 || report.skipped > 0) {
          this.logger.log(
            `fired ${report.fired.length} deadline(s), ${report.skipped} left for a later poll`,
          );
        }
      })
      .catch((error: unknown) => {
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
          const claim = await runInTransaction(this.dataSource, (manager) =>
            this.fireOne(manager, candidate.id, candidate.caseId, at),
          );
          if ('fired' in claim) fired.push(claim.fired);
          else skipped += 1;
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

  private async candidates(at: string): Promise<Array<Pick<DeadlineEntity, 'id' | 'caseId'>>> {
    return runInTransaction(this.dataSource, (manager) =>
      manager
        .getRepository(DeadlineEntity)
        .createQueryBuilder('d')
        .select(['d.id', 'd.caseId'])
        // Due days are YYYY-MM-DD: past due is a due day before today in Vietnam.
        .where("d.status = 'pending' AND d.closed_at IS NULL AND d.due_on IS NOT NULL")
        .andWhere('d.due_on < :today', { today: vietnamDate(at) })
        .orderBy('d.due_on', 'ASC')
        .addOrderBy('d.id', 'ASC')
        .limit(BATCH_SIZE)
        .getMany(),
    );
  }

  private async fireOne(
    manager: EntityManager,
    deadlineId: string,
    caseId: string,
    at: string,
  ): Promise<Claim> {
    const postgres = isPostgres(this.dataSource);
    // Lock order as in a clerk's event: calendar (shared), case, deadline — so no deadlock.
    await this.calendars.calendarIn(manager);
    const caseQuery = manager
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where('c.id = :caseId', { caseId });
    if (postgres) caseQuery.setLock('pessimistic_write').setOnLocked('skip_locked');
    const row = await caseQuery.getOne();
    if (!row) return { skipped: true };
    const deadlineQuery = manager
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where("d.id = :deadlineId AND d.status = 'pending' AND d.closed_at IS NULL", {
        deadlineId,
      });
    if (postgres) deadlineQuery.setLock('pessimistic_write').setOnLocked('skip_locked');
    const deadline = await deadlineQuery.getOne();
    // Gone, fired by another call, or its due day moved (an extension, a calendar upload).
    if (!deadline || deadline.dueOn === null || !isOverdue(deadline.dueOn, at)) {
      return { skipped: true };
    }
    const dueOn = deadline.dueOn;
    const repository = manager.getRepository(DeadlineEntity);
    await repository.update({ id: deadline.id }, { status: 'expired', firedAt: at });
    const base = { deadlineId: deadline.id, caseId, name: deadline.name, dueOn };

    if (!('event' in deadline.onExpiry)) {
      if (row.overdue !== 1)
        await manager.getRepository(CaseEntity).update({ id: caseId }, { overdue: 1 });
      this.logger.log(
        `deadline ${deadline.name} of case ${caseId} (due ${dueOn}) passed: case marked overdue`,
      );
      return { fired: { ...base, outcome: 'markedOverdue' } };
    }

    const event = deadline.onExpiry.event;
    try {
      await this.cases.sendSystemEvent(
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
      await repository.update({ id: deadline.id }, { closedAt: at });
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
