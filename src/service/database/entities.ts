import { SystemLogEntryEntity } from '../audit/system-log-entry.entity.js';
import { CadreEntity, CadreEntryEntity } from '../cadres/cadre.entity.js';
import { CalendarYearEntity } from '../calendar/calendar-year.entity.js';
import { CaseEntity } from '../cases/case.entity.js';
import { DeadlineEntity } from '../deadlines/deadline.entity.js';
import { IdempotencyRecordEntity } from '../cases/idempotency-record.entity.js';
import { HistoryEntryEntity } from '../history/history-entry.entity.js';
import { PrincipalEntity } from '../auth/principal.entity.js';
import { ReadLogEntity } from '../read-log/read-log.entity.js';
import { UnitEntity } from '../units/unit.entity.js';
import { WorkflowDefinitionEntity } from '../workflows/workflow-definition.entity.js';

/** Every TypeORM entity of the service, listed explicitly (no globs: they break under ESM and bundling). */
export const ENTITIES = [
  PrincipalEntity,
  WorkflowDefinitionEntity,
  CaseEntity,
  HistoryEntryEntity,
  DeadlineEntity,
  IdempotencyRecordEntity,
  CalendarYearEntity,
  SystemLogEntryEntity,
  UnitEntity,
  ReadLogEntity,
  CadreEntity,
  CadreEntryEntity,
];
