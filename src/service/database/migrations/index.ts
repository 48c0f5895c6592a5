import { CreateCases1763900100000 } from './1763900100000-create-cases.js';
import { HistoryAppendOnly1763900200000 } from './1763900200000-history-append-only.js';
import { CreatePrincipals1763900000000 } from './1763900000000-create-principals.js';
import { CreateCalendarYears1763900600000 } from './1763900600000-create-calendar-years.js';
import { HistoryAuditOrder1763900740000 } from './1763900740000-history-audit-order.js';
import { HistoryNoReplace1764000100000 } from './1764000100000-history-no-replace.js';
import { CreateSystemLog1764000200000 } from './1764000200000-create-system-log.js';
import { IdempotencyWithoutStatusCode1764000400000 } from './1764000400000-idempotency-without-status-code.js';
import { OverduePartialIndex1764000410000 } from './1764000410000-overdue-partial-index.js';
import { NarrowerDeadlineIndexes1764000420000 } from './1764000420000-narrower-deadline-indexes.js';
import { DeadlineAnchor1764000500000 } from './1764000500000-deadline-anchor.js';
import { CreateUnits1764000600000 } from './1764000600000-create-units.js';
import { CreateReadLog1764000610000 } from './1764000610000-create-read-log.js';
import { CreateCadres1764000650000 } from './1764000650000-create-cadres.js';

/**
 * Every migration, oldest first, listed explicitly. Append new ones at the end; never edit or
 * reorder one that has been released.
 */
export const MIGRATIONS = [
  CreatePrincipals1763900000000,
  CreateCases1763900100000,
  HistoryAppendOnly1763900200000,
  CreateCalendarYears1763900600000,
  HistoryAuditOrder1763900740000,
  HistoryNoReplace1764000100000,
  CreateSystemLog1764000200000,
  IdempotencyWithoutStatusCode1764000400000,
  OverduePartialIndex1764000410000,
  NarrowerDeadlineIndexes1764000420000,
  DeadlineAnchor1764000500000,
  CreateUnits1764000600000,
  CreateReadLog1764000610000,
  CreateCadres1764000650000,
];
