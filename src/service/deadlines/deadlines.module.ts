import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import { DeadlineScheduler } from './deadline-scheduler.service.js';
import { DeadlineStore } from './deadline.store.js';

/** The deadline table's store, shared by cases (events), calendar (recompute) and the scheduler. */
@Module({ providers: [DeadlineStore], exports: [DeadlineStore] })
export class DeadlinesModule {}

/**
 * The deadline scheduler. Its ports — DeadlineEvents (sending the declared event) and
 * DeadlineCalendar (the calendar lock) — come from the modules the composition root names, so
 * that deadlines/ depends on neither cases/ nor calendar/.
 */
@Module({})
export class DeadlineSchedulerModule {
  static register(ports: { imports: NonNullable<ModuleMetadata['imports']> }): DynamicModule {
    return {
      module: DeadlineSchedulerModule,
      imports: [DeadlinesModule, ...ports.imports],
      providers: [DeadlineScheduler],
      exports: [DeadlineScheduler],
    };
  }
}
