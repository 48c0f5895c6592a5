import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CalendarDataError,
  computeDeadline,
  createCalendar,
  nonWorkingWeekdays,
  parseCalendarYear,
  VIETNAM_CALENDAR_DATA,
  vietnamDate,
  workedWeekendDays,
  type Calendar,
  type CalendarYearData,
  type CivilDate,
  type DeadlineUnit,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { appendSystemEntry } from '../audit/system-log.js';
import { AppError } from '../common/app-error.js';
import { validationFailed } from '../common/validation.js';
import { Clock } from '../common/clock.js';
import { isPostgres } from '../database/data-source-options.js';
import { runInTransaction } from '../database/transaction-runner.js';
import { DeadlineEntity } from '../cases/deadline.entity.js';
import { CalendarYearEntity, type RecomputedDeadline } from './calendar-year.entity.js';
import { messages } from '../common/messages.js';

// PostgreSQL advisory lock: shared while a transaction computes due dates, exclusive while a
// calendar year is replaced, so no due date is computed with a calendar that is being replaced.
const CALENDAR_LOCK_KEY = 6_040_601;

export interface CalendarYearSummary {
  readonly year: number;
  readonly provisional: boolean;
  /** `built-in` (the data shipped with the service) or `uploaded` by an admin. */
  readonly source: 'built-in' | 'uploaded';
  /** The uploaded version in force; null for built-in data. */
  readonly version: number | null;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
}

export interface CalendarYearView extends CalendarYearSummary {
  readonly data: CalendarYearData;
  /** Monday–Friday dates that are not worked (holidays, compensatory and swapped days off). */
  readonly nonWorkingWeekdays: readonly CivilDate[];
  /** Saturdays and Sundays that are worked (make-up days). */
  readonly workedWeekendDays: readonly CivilDate[];
}

export interface CalendarYearPublished extends CalendarYearView {
  /** The pending deadlines whose due date the new data moved (in the same transaction). */
  readonly recomputed: readonly RecomputedDeadline[];
}

/** The due day of a deadline in `calendar`; null (with a warning) where the calendar cannot tell. */
export function dueOnIn(
  calendar: Calendar,
  startedAt: string,
  amount: number,
  unit: DeadlineUnit,
  logger?: Logger,
): CivilDate | null {
  try {
    return computeDeadline(startedAt, amount, unit, calendar).dueOn;
  } catch (error) {
    // Outside the years the calendar covers: keep the deadline without a due date, and say so.
    logger?.warn(
      `cannot compute a due date for ${amount} ${unit} from ${startedAt}: ${(error as Error).message}`,
    );
    return null;
  }
}

/**
 * The working-day calendar in force: the built-in data (`VIETNAM_CALENDAR_DATA`) with the latest
 * uploaded version of each year in its place. Uploads are stored in `calendar_year`, so every
 * process on the database reads the same calendar.
 */
@Injectable()
export class CalendarService {
  private readonly logger = new Logger(CalendarService.name);
  private cached: { signature: string; calendar: Calendar; uploads: CalendarYearEntity[] } | null =
    null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /**
   * The calendar as this transaction sees it. On PostgreSQL it also takes the calendar lock in
   * shared mode until the transaction ends: an upload waits for due dates being computed, and
   * they wait for it. Call it before touching deadline rows (lock order: calendar, then rows).
   */
  async calendarIn(manager: EntityManager): Promise<Calendar> {
    if (isPostgres(this.dataSource)) {
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [CALENDAR_LOCK_KEY]);
    }
    return (await this.load(manager)).calendar;
  }

  private async load(
    manager: EntityManager,
  ): Promise<{ calendar: Calendar; uploads: CalendarYearEntity[] }> {
    const latest: Array<{ year: number | string; version: number | string }> = await manager
      .getRepository(CalendarYearEntity)
      .createQueryBuilder('y')
      .select('y.year', 'year')
      .addSelect('MAX(y.version)', 'version')
      .groupBy('y.year')
      .orderBy('y.year', 'ASC')
      .getRawMany();
    const signature = latest.map((row) => `${row.year}:${row.version}`).join(',');
    if (this.cached?.signature === signature) return this.cached;
    const uploads: CalendarYearEntity[] = [];
    for (const row of latest) {
      const upload = await manager
        .getRepository(CalendarYearEntity)
        .findOneBy({ year: Number(row.year), version: Number(row.version) });
      if (upload) uploads.push(upload);
    }
    const calendar = this.build(uploads.map((upload) => [upload.year, upload.data]));
    this.cached = { signature, calendar, uploads };
    return this.cached;
  }

  private build(years: ReadonlyArray<readonly [number, CalendarYearData]>): Calendar {
    return createCalendar(VIETNAM_CALENDAR_DATA, {
      years: Object.fromEntries(years.map(([year, data]) => [String(year), data])),
    });
  }

  async listYears(): Promise<CalendarYearSummary[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      const { calendar, uploads } = await this.load(manager);
      return calendar.coveredYears.map((year) => this.summary(calendar, year, uploads));
    });
  }

  async getYear(year: number): Promise<CalendarYearView> {
    return runInTransaction(this.dataSource, async (manager) => {
      const { calendar, uploads } = await this.load(manager);
      if (!calendar.coveredYears.includes(year)) {
        throw new AppError('NOT_FOUND', messages.calendarYearMissing(year), {
          covered: [...calendar.coveredYears],
        });
      }
      return this.view(calendar, year, uploads);
    });
  }

  /**
   * Replaces a year with announced data. In one transaction: the upload is stored as the year's
   * next version and the due date of every pending deadline the year can affect is recomputed
   * with the new calendar (the moved ones are kept with the upload and returned).
   */
  async putYear(
    principal: AuthenticatedPrincipal,
    year: number,
    body: unknown,
  ): Promise<CalendarYearPublished> {
    const data = this.parse(year, body);
    return runInTransaction(this.dataSource, async (manager) => {
      if (isPostgres(this.dataSource)) {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [CALENDAR_LOCK_KEY]);
      }
      const { uploads } = await this.load(manager);
      const years = uploads
        .filter((upload) => upload.year !== year)
        .map((upload) => [upload.year, upload.data] as const);
      let calendar: Calendar;
      try {
        calendar = this.build([...years, [year, data]]);
      } catch (error) {
        if (error instanceof CalendarDataError) throw this.invalid(error);
        throw error;
      }
      const recomputed = await this.recompute(manager, calendar, year);
      const previous = uploads.find((upload) => upload.year === year)?.version ?? 0;
      const row = Object.assign(new CalendarYearEntity(), {
        year,
        version: previous + 1,
        data,
        publishedBy: principal.id,
        publishedAt: this.clock.now().toISOString(),
        recomputed,
      });
      // Under the lock on PostgreSQL, and serialised on SQLite: the version cannot be taken twice.
      await manager.getRepository(CalendarYearEntity).insert(row);
      await appendSystemEntry(manager, {
        actorId: principal.id,
        action: 'calendar.year.publish',
        target: String(year),
        payload: {
          year,
          version: row.version,
          contentHash: sha256Hex(canonicalJson(data)),
          recomputed: recomputed.length,
        },
        at: row.publishedAt,
      });
      this.logger.log(
        `calendar year ${year} version ${row.version} published by ${principal.id}; ${recomputed.length} pending due date(s) recomputed`,
      );
      const uploadsAfter = [...uploads.filter((upload) => upload.year !== year), row];
      return { ...this.view(calendar, year, uploadsAfter), recomputed };
    });
  }

  private parse(year: number, body: unknown): CalendarYearData {
    if (!Number.isInteger(year) || year < 1900 || year > 2200) {
      throw validationFailed(
        [
          {
            path: 'year',
            constraint: 'isYear',
            message: 'year must be a whole number from 1900 to 2200',
          },
        ],
        'the year must be a whole number from 1900 to 2200',
      );
    }
    try {
      return parseCalendarYear(year, body, VIETNAM_CALENDAR_DATA.weekend);
    } catch (error) {
      if (error instanceof CalendarDataError) throw this.invalid(error);
      throw error;
    }
  }

  private invalid(error: CalendarDataError): AppError {
    return validationFailed(
      error.problems.map((problem) => ({
        path: problem.path,
        constraint: 'isCalendarYear',
        message: problem.message,
      })),
      error.message,
    );
  }

  /**
   * Pending deadlines that the year can affect (started before its end, due in it or later, or
   * without a due date) get the due date of the new calendar. Expired deadlines are left alone:
   * they have fired.
   */
  private async recompute(
    manager: EntityManager,
    calendar: Calendar,
    year: number,
  ): Promise<RecomputedDeadline[]> {
    const repository = manager.getRepository(DeadlineEntity);
    const candidates = await repository
      .createQueryBuilder('d')
      .where("d.status = 'pending' AND d.closed_at IS NULL")
      .andWhere('(d.due_on IS NULL OR d.due_on >= :from)', { from: `${year}-01-01` })
      .orderBy('d.id', 'ASC')
      .getMany();
    const moved: RecomputedDeadline[] = [];
    for (const deadline of candidates) {
      if (vietnamDate(deadline.startedAt) > `${year}-12-31`) continue;
      const dueOn = dueOnIn(calendar, deadline.startedAt, deadline.amount, deadline.unit);
      if (dueOn === deadline.dueOn) continue;
      await repository.update({ id: deadline.id }, { dueOn });
      moved.push({
        deadlineId: deadline.id,
        caseId: deadline.caseId,
        name: deadline.name,
        from: deadline.dueOn,
        to: dueOn,
      });
    }
    return moved;
  }

  private summary(
    calendar: Calendar,
    year: number,
    uploads: readonly CalendarYearEntity[],
  ): CalendarYearSummary {
    const upload = uploads.find((candidate) => candidate.year === year);
    return {
      year,
      provisional: calendar.provisionalYears.includes(year),
      source: upload ? 'uploaded' : 'built-in',
      version: upload?.version ?? null,
      publishedAt: upload?.publishedAt ?? null,
      publishedBy: upload?.publishedBy ?? null,
    };
  }

  private view(
    calendar: Calendar,
    year: number,
    uploads: readonly CalendarYearEntity[],
  ): CalendarYearView {
    const data = calendar.data.years[String(year)];
    if (!data) throw new AppError('NOT_FOUND', messages.calendarYearMissing(year));
    return {
      ...this.summary(calendar, year, uploads),
      data,
      nonWorkingWeekdays: nonWorkingWeekdays(year, calendar),
      workedWeekendDays: workedWeekendDays(year, calendar),
    };
  }
}
