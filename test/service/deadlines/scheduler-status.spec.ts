import { afterEach, describe, expect, it } from '@jest/globals';
import type { AppConfigService } from '../../../src/service/config/app-config.service.js';
import type { Transactions } from '../../../src/service/database/transactions.js';
import type { DeadlineCalendar } from '../../../src/service/deadlines/deadline-calendar.js';
import type { DeadlineEvents } from '../../../src/service/deadlines/deadline-events.js';
import { DeadlineScheduler } from '../../../src/service/deadlines/deadline-scheduler.service.js';
import type { Metrics } from '../../../src/service/metrics/metrics.js';
import type { DeadlineStore } from '../../../src/service/deadlines/deadline.store.js';

// Readiness asks the scheduler whether it keeps polling. A database that refuses every claim
// must show as `stalled` (with its error) after three intervals and a minute, not as healthy.
const schedulerWith = (pollMs: number, transactions: Partial<Transactions>) =>
  new DeadlineScheduler(
    transactions as Transactions,
    {} as DeadlineEvents,
    {} as DeadlineCalendar,
    {} as DeadlineStore,
    { now: () => new Date('2026-03-02T01:00:00Z') },
    { deadlinePollMs: pollMs } as AppConfigService,
    {} as Metrics,
  );

describe('the deadline scheduler as readiness sees it', () => {
  let scheduler: DeadlineScheduler | undefined;
  afterEach(async () => {
    await scheduler?.onModuleDestroy();
  });

  it('is off when DEADLINE_POLL_MS is 0', () => {
    scheduler = schedulerWith(0, {});
    scheduler.onApplicationBootstrap();
    expect(scheduler.status()).toEqual({ state: 'off', intervalMs: 0 });
  });

  it('is stalled, with the last error, when no poll has completed for three intervals and a minute', async () => {
    const refusing: Partial<Transactions> = {
      read: () => Promise.reject(new Error('database is locked')),
      run: () => Promise.reject(new Error('database is locked')),
    };
    scheduler = schedulerWith(1000, refusing);
    const started = Date.now();
    scheduler.onApplicationBootstrap();
    // The first poll runs at once and fails.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(scheduler.status(started + 1000).state).toBe('starting');
    const late = scheduler.status(started + 3 * 1000 + 60_000 + 100);
    expect(late.state).toBe('stalled');
    expect(late.lastError).toBe('database is locked');
    expect(late.lastPollAt).toBeUndefined();
  });
});
