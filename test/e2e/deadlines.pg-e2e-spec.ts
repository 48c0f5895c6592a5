import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { VIETNAM_CALENDAR_DATA } from '../../src/engine/calendar/vietnam-calendar-data.js';
import { bearer, createCast, sendEvent, TestClock, type Cast } from '../support/case-fixtures.js';
import {
  deadlineOf,
  fetchCase,
  openLapsing,
  publishLapsingDefinition,
  scheduler,
  submittedResignation,
} from '../support/deadline-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../support/throwaway-database.js';

process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

// Two service instances on one PostgreSQL database, each with its own pool, racing to fire the
// same due deadlines: only the database (row locks, SKIP LOCKED) arbitrates.
describe('the deadline scheduler in two instances on one PostgreSQL database', () => {
  let database: ThrowawayDatabase;
  let first: TestApp;
  let second: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date(vn('2025-05-05T09:00:00')));

  beforeAll(async () => {
    database = await createThrowawayDatabase('postgres');
    const adminToken = `cf_test_deadlines_${Date.now()}_admin_token`;
    first = await startTestApp({
      database: 'postgres',
      existingDatabase: database,
      adminToken,
      clock,
    });
    second = await startTestApp({
      database: 'postgres',
      existingDatabase: database,
      adminToken,
      clock,
    });
    cast = await createCast(first);
    await publishLapsingDefinition(first);
  }, 60_000);

  afterAll(async () => {
    expect(first.serverErrors()).toEqual([]);
    expect(second.serverErrors()).toEqual([]);
    await first.close();
    await second.close();
    await database.drop();
  }, 60_000);

  it('fires each due deadline exactly once when both instances race fireDue', async () => {
    clock.set(vn('2025-05-05T09:00:00'));
    const resignations = [];
    const lapsing = [];
    for (let index = 0; index < 6; index += 1) {
      resignations.push(await submittedResignation(first, cast));
      lapsing.push(await openLapsing(second, cast.clerk));
    }
    clock.set(vn('2025-06-05T09:00:00'));
    const reports = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        scheduler(index % 2 === 0 ? first : second).fireDue(),
      ),
    );
    const fired = reports.flatMap((report) => report.fired);
    const perDeadline = new Map<string, number>();
    for (const entry of fired)
      perDeadline.set(entry.deadlineId, (perDeadline.get(entry.deadlineId) ?? 0) + 1);
    expect([...perDeadline.values()].every((count) => count === 1)).toBe(true);
    // One exchange deadline per resignation, one reply deadline per lapsing case (its 'overall'
    // deadline closes when DEADLINE_PASSED ends the case).
    expect(fired).toHaveLength(12);
    // Both instances did some of the work or one did all of it: either way, nothing is left.
    expect((await scheduler(first).fireDue()).fired).toEqual([]);
    expect((await scheduler(second).fireDue()).fired).toEqual([]);

    for (const opened of resignations) {
      const seen = await fetchCase(second, cast.auditor, opened.id);
      expect(seen).toMatchObject({ overdue: true, revision: 2 });
      expect(deadlineOf(seen, 'exchange').status).toBe('expired');
    }
    for (const opened of lapsing) {
      const history = (
        await first.http
          .get(`/api/cases/${opened.id}/history`)
          .set('Authorization', bearer(cast.auditor))
          .expect(200)
      ).body as Array<{ event: string; actorId: string }>;
      expect(history.map((entry) => [entry.event, entry.actorId])).toEqual([
        ['CREATE', cast.clerk.id],
        ['DEADLINE_PASSED', 'system'],
      ]);
      await first.http
        .get(`/api/cases/${opened.id}/verify`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
        .expect((response) => expect(response.body).toMatchObject({ valid: true, entries: 2 }));
    }
  }, 60_000);

  it('neither deadlocks nor double-fires while clerks send events and an admin uploads a year', async () => {
    clock.set(vn('2025-07-01T09:00:00'));
    const resignations = [];
    for (let index = 0; index < 6; index += 1)
      resignations.push(await submittedResignation(first, cast));
    clock.set(vn('2025-08-01T09:00:00'));
    const year2025 = { ...VIETNAM_CALENDAR_DATA.years['2025']! };
    const [reports, submits, upload] = await Promise.all([
      Promise.all([
        scheduler(first).fireDue(),
        scheduler(second).fireDue(),
        scheduler(first).fireDue(),
      ]),
      Promise.all(
        resignations.map((opened, index) =>
          sendEvent(index % 2 === 0 ? first : second, cast.board, opened.id, {
            type: 'SUBMIT',
            payload: { exchangedOn: '2025-07-31' },
          }),
        ),
      ),
      second.http
        .put('/api/calendar/years/2025')
        .set('Authorization', `Bearer ${second.adminToken}`)
        .send(year2025),
    ]);
    expect(upload.status).toBe(200);
    expect(submits.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const fired = reports.flatMap((report) => report.fired);
    expect(new Set(fired.map((entry) => entry.deadlineId)).size).toBe(fired.length);
    for (const opened of resignations) {
      const seen = await fetchCase(first, cast.auditor, opened.id);
      // Late either way: fired before the SUBMIT (firedAt set), or closed by it unfired.
      expect(seen.state).toBe('vote.ballot');
      expect(deadlineOf(seen, 'exchange').status).toBe('expired');
      const firings = fired.filter((entry) => entry.caseId === opened.id);
      expect(firings.length).toBe(deadlineOf(seen, 'exchange').firedAt === null ? 0 : 1);
    }
  }, 60_000);
});
