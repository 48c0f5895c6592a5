import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { compareDates, vietnamDate, type DeadlineUnit } from '../../engine/index.js';
import { CalendarService, dueOnIn } from '../calendar/calendar.service.js';

/** Computes due days with the calendar one transaction sees. */
export interface DueDates {
  /** The last day (Vietnam civil date) on which a deadline started at `startedAt` is met; null if the calendar cannot tell. */
  dueOn(startedAt: string, amount: number, unit: DeadlineUnit): string | null;
}

/** Due dates of deadlines, in the Vietnamese working-day calendar (built-in data + admin uploads). */
export abstract class DeadlineCalendar {
  /**
   * The calendar in force for this transaction. Call it before writing deadline rows: on
   * PostgreSQL it holds the calendar lock (shared) to the end of the transaction.
   */
  abstract within(manager: EntityManager): Promise<DueDates>;
  /** Whether `dueOn` has passed at instant `now` (the Vietnam date is after it). */
  abstract isPast(dueOn: string, now: string): boolean;
}

@Injectable()
export class VietnamDeadlineCalendar extends DeadlineCalendar {
  private readonly logger = new Logger(VietnamDeadlineCalendar.name);

  constructor(private readonly calendars: CalendarService) {
    super();
  }

  async within(manager: EntityManager): Promise<DueDates> {
    const calendar = await this.calendars.calendarIn(manager);
    return {
      dueOn: (startedAt, amount, unit) => dueOnIn(calendar, startedAt, amount, unit, this.logger),
    };
  }

  isPast(dueOn: string, now: string): boolean {
    return compareDates(vietnamDate(now), dueOn) > 0;
  }
}
