import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CalendarDataError,
  createCalendar,
  deadlineDueOn,
  nonWorkingWeekdays,
  parseCalendarYear,
  VIETNAM_CALENDAR_DATA,
  workedWeekendDays,
  type Calendar,
  type CalendarYearData,
  type CivilDate,
} from '../../engine/index.js';
import type { AuthenticatedPrincipal } from '../auth/authenticated-principal.js';
import { canonicalJson, sha256Hex } from '../common/canonical-json.js';
import { appendSystemEntry } from '../audit/system-log.js';
import { AppError } from '../common/app-error.js';
import { validationFailed } from '../common/validation.js';
import { Clock } from '../common/clock.js';
import { CALENDAR_LOCK_KEY } from '../database/advisory-locks.js';
import { query, sqlSession, type Query } from '../database/sql.js';
import { Transactions } from '../database/transactions.js';
import type { DeadlineTerms } from '../deadlines/deadline-calendar.js';
import { DeadlineStore, type RecomputedDeadline } from '../deadlines/deadline.store.js';
import { CalendarYearEntity } from './calendar-year.entity.js';
import { messages } from '../common/messages.js';

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

/**
 * The due day of a deadline in `calendar`, counted as the engine counts it (`deadlineDueOn`: from
 * its start, or from the date of the case it is anchored on, forward or back); null (with a
 * warning) where the calendar cannot tell.
 */
export function dueOnIn(
  calendar: Calendar,
  terms: DeadlineTerms,
  logger?: Logger,
): CivilDate | null {
  const { countedFrom, direction, startedAt, amount, unit } = terms;
  try {
    return deadlineDueOn(
      {
        startedAt,
        amount,
        unit,
        ...(countedFrom ? { countedFrom } : {}),
        ...(direction ? { direction } : {}),
      },
      calendar,
    ).dueOn;
  } catch (error) {
    // Outside the years the calendar covers: keep the deadline without a due date, and say so.
    logger?.warn(
      `cannot compute a due date for ${amount} ${unit} ${direction ?? 'after'} ${countedFrom ?? startedAt}: ${(error as Error).message}`,
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
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly deadlines: DeadlineStore,
  ) {}

  /**
   * The calendar as this transaction sees it. On PostgreSQL it also takes the calendar lock in
   * shared mode until the transaction ends: an upload waits for due dates being computed, and
   * they wait for it. Call it before touching deadline rows (lock order: calendar, then rows).
   */
  async calendarIn(manager: EntityManager): Promise<Calendar> {
    if (this.transactions.postgres) {
      await manager.query('SELECT pg_advisory_xact_lock_shared($1)', [CALENDAR_LOCK_KEY]);
    }
    return (await this.load(manager)).calendar;
  }

  /**
   * Which calendar is in force: the latest uploaded version of each year, as `year:version,…`.
   * Read it under the calendar lock; it joins the caller's read group (one round trip).
   */
  versionQuery(): Query<string> {
    return query(
      `SELECT year, MAX(version) AS version FROM calendar_year GROUP BY year ORDER BY year`,
      [],
      (rows) =>
        rows
          .map((row) => [Number(row['year']), Number(row['version'])] as const)
          .sort((a, b) => a[0] - b[0])
          .map(([year, version]) => `${year}:${version}`)
          .join(','),
    );
  }

  /**
   * The calendar `version` (from `versionQuery`, read in this transaction under the calendar
   * lock) names: the cached one when it is the same, else built from the uploads it names.
   */
  async calendarAt(manager: EntityManager, version: string): Promise<Calendar> {
    return (await this.loadVersion(manager, version)).calendar;
  }

  private async load(
    manager: EntityManager,
  ): Promise<{ calendar: Calendar; uploads: CalendarYearEntity[] }> {
    return this.loadVersion(manager, await sqlSession(manager).get(this.versionQuery()));
  }

  private async loadVersion(
    manager: EntityManager,
    signature: string,
  ): Promise<{ calendar: Calendar; uploads: CalendarYearEntity[] }> {
    if (this.cached?.signature === signature) return this.cached;
    const uploads: CalendarYearEntity[] = [];
    for (const part of signature === '' ? [] : signature.split(',')) {
      const [year, version] = part.split(':').map(Number);
      const upload = await manager
        .getRepository(CalendarYearEntity)
        .findOneBy({ year: year as number, version: version as number });
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
    return this.transactions.run(async (manager) => {
      const { calendar, uploads } = await this.load(manager);
      return calendar.coveredYears.map((year) => this.summary(calendar, year, uploads));
    });
  }

  async getYear(year: number): Promise<CalendarYearView> {
    return this.transactions.run(async (manager) => {
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
    return this.transactions.run(async (manager) => {
      if (this.transactions.postgres) {
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
      const recomputed = await this.deadlines.recompute(manager, year, (terms) =>
        dueOnIn(calendar, terms),
      );
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
