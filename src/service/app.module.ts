import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CadresModule } from './cadres/cadres.module.js';
import { CalendarModule } from './calendar/calendar.module.js';
import { CasesModule } from './cases/cases.module.js';
import type { Clock } from './common/clock.js';
import { ClockModule } from './common/clock.module.js';
import { LifecycleLog } from './common/lifecycle-log.js';
import { AppConfigModule, type EnvironmentOverrides } from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DeadlineSchedulerModule } from './deadlines/deadlines.module.js';
import { HealthModule } from './health/health.module.js';
import { RemindersModule } from './reminders/reminders.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ReadLogModule } from './read-log/read-log.module.js';
import { UnitsModule } from './units/units.module.js';
import { WorkflowsModule } from './workflows/workflows.module.js';

@Module({
  imports: [
    DatabaseModule,
    MetricsModule,
    AuthModule,
    HealthModule,
    WorkflowsModule,
    CasesModule,
    CadresModule,
    CalendarModule,
    DeadlineSchedulerModule.register({ imports: [CasesModule, CalendarModule] }),
    AuditModule,
    RemindersModule,
    UnitsModule,
    ReadLogModule,
  ],
  providers: [LifecycleLog],
})
export class AppModule {
  /** The application, configured from the process environment plus `overrides` (createApp). */
  static forRoot(overrides: EnvironmentOverrides = {}, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(overrides), ClockModule.forRoot(clock)],
    };
  }
}
