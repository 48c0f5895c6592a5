import { Module } from '@nestjs/common';
import { DeadlineCalendar } from '../deadlines/deadline-calendar.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';
import { VietnamDeadlineCalendar } from './vietnam-deadline-calendar.js';

@Module({
  imports: [DeadlinesModule],
  controllers: [CalendarController],
  providers: [CalendarService, { provide: DeadlineCalendar, useClass: VietnamDeadlineCalendar }],
  exports: [CalendarService, DeadlineCalendar],
})
export class CalendarModule {}
