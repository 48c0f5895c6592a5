import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Calendar } from '../../engine/index.js';
import type { Query } from '../database/sql.js';
import { DeadlineCalendar, type DueDates } from '../deadlines/deadline-calendar.js';
import { CalendarService, dueOnIn } from './calendar.service.js';

/** Due dates of deadlines in the Vietnamese working-day calendar (built-in data + admin uploads). */
@Injectable()
export class VietnamDeadlineCalendar extends DeadlineCalendar {
  private readonly logger = new Logger(VietnamDeadlineCalendar.name);

  constructor(private readonly calendars: CalendarService) {
    super();
  }

  async within(manager: EntityManager): Promise<DueDates> {
    return this.dueDates(await this.calendars.calendarIn(manager));
  }

  version(): Query<string> {
    return this.calendars.versionQuery();
  }

  async at(manager: EntityManager, version: string): Promise<DueDates> {
    return this.dueDates(await this.calendars.calendarAt(manager, version));
  }

  private dueDates(calendar: Calendar): DueDates {
    return {
      dueOn: (terms) => dueOnIn(calendar, terms, this.logger),
    };
  }
}
