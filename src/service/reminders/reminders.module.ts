import { Module } from '@nestjs/common';
import { CadresModule } from '../cadres/cadres.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { RemindersController } from './reminders.controller.js';
import { RemindersService } from './reminders.service.js';

@Module({
  imports: [CadresModule, CalendarModule, WorkflowsModule],
  controllers: [RemindersController],
  providers: [RemindersService],
})
export class RemindersModule {}
