import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DeadlineScheduler } from './deadline-scheduler.service.js';

@Module({
  imports: [CasesModule, CalendarModule],
  providers: [DeadlineScheduler],
  exports: [DeadlineScheduler],
})
export class DeadlinesModule {}
