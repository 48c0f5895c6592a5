import { Injectable, Logger } from '@nestjs/common';
import type { DeadlineUnit } from '../../engine/index.js';
import { vietnamDate, compareDates } from '../../engine/calendar/civil-date.js';
import { computeDeadline } from '../../engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../engine/calendar/vietnam-calendar.js';

/** Due dates of deadlines, in the Vietnamese working-day calendar. */
export abstract class DeadlineCalendar {
  /** The last day (Vietnam civil date) on which a deadline started at `startedAt` is met; null if the calendar cannot tell. */
  abstract dueOn(startedAt: string, amount: number, unit: DeadlineUnit): string | null;
  /** Whether `dueOn` has passed at instant `now` (the Vietnam date is after it). */
  abstract isPast(dueOn: string, now: string): boolean;
}

@Injectable()
export class VietnamDeadlineCalendar extends DeadlineCalendar {
  private readonly logger = new Logger(VietnamDeadlineCalendar.name);

  dueOn(startedAt: string, amount: number, unit: DeadlineUnit): string | null {
    try {
      return computeDeadline(startedAt, amount, unit, VIETNAM_CALENDAR).dueOn;
    } catch (error) {
      // Outside the years the calendar covers: keep the deadline, without a due date, and say so.
      this.logger.warn(
        `cannot compute a due date for ${amount} ${unit} from ${startedAt}: ${(error as Error).message}`,
      );
      return null;
    }
  }

  isPast(dueOn: string, now: string): boolean {
    return compareDates(vietnamDate(now), dueOn) > 0;
  }
}
