import { Module } from '@nestjs/common';
import { CadresModule } from '../cadres/cadres.module.js';
import { CalendarModule } from '../calendar/calendar.module.js';
import { DeadlineEvents } from '../deadlines/deadline-events.js';
import { DeadlinesModule } from '../deadlines/deadlines.module.js';
import { HistoryModule } from '../history/history.module.js';
import { ReadLogModule } from '../read-log/read-log.module.js';
import { UnitsModule } from '../units/units.module.js';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { CaseDiagramController } from './case-diagram.controller.js';
import { CaseMigrationsController } from './case-migrations.controller.js';
import { CaseMigrationsService } from './case-migrations.service.js';
import { CaseList } from './case-list.js';
import { CaseStore } from './case.store.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { IdempotencyStore } from './idempotency.store.js';

@Module({
  imports: [
    WorkflowsModule,
    CalendarModule,
    HistoryModule,
    DeadlinesModule,
    CadresModule,
    UnitsModule,
    ReadLogModule,
  ],
  controllers: [CasesController, CaseDiagramController, CaseMigrationsController],
  providers: [
    CasesService,
    CaseMigrationsService,
    CaseStore,
    CaseList,
    IdempotencyStore,
    // The deadline scheduler sends events through the same path as a principal's.
    { provide: DeadlineEvents, useExisting: CasesService },
  ],
  exports: [CasesService, DeadlineEvents],
})
export class CasesModule {}
