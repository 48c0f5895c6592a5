import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module.js';
import { HistoryModule } from '../history/history.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { CaseDiagramController } from './case-diagram.controller.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { DeadlineCalendar, VietnamDeadlineCalendar } from './deadline-calendar.js';

@Module({
  imports: [WorkflowsModule, CalendarModule, HistoryModule],
  controllers: [CasesController, CaseDiagramController],
  providers: [CasesService, { provide: DeadlineCalendar, useClass: VietnamDeadlineCalendar }],
  exports: [CasesService],
})
export class CasesModule {}
