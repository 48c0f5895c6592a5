import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { DeadlineCalendar, VietnamDeadlineCalendar } from './deadline-calendar.js';

@Module({
  imports: [WorkflowsModule],
  controllers: [CasesController],
  providers: [CasesService, { provide: DeadlineCalendar, useClass: VietnamDeadlineCalendar }],
  exports: [CasesService],
})
export class CasesModule {}
