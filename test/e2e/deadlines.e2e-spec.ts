import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeDeadline } from '../../src/engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../src/engine/calendar/vietnam-calendar.js';
import {
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import {
  deadlineOf,
  fetchCase,
  firedFor,
  openLapsing,
  publishLapsingDefinition,
  scheduler,
  submittedResignation,
} from '../support/deadline-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';
import { createThrowawayDatabase } from '../support/throwaway-database.js';

// The tests fire deadlines by calling fireDue themselves: no background poll in these apps.
process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface HistoryEntry {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actorId: string;
  roles: string[];
  comment: string | null;
}

describe.each(databasesUnderTest())('deadlines on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date(vn('2025-01-02T09:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
    await publishLapsingDefinition(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  async function overdueIds(): Promise<string[]> {
    const response = await t.http
      .get('/api/cases')
      .query({ overdue: 'true', limit: 100 })
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    return (response.body as { items: CaseBody[] }).items.map((item) => item.id);
  }

  it('puts the exchange deadline of a resignation submitted on the Friday before Tết after the holiday', async () => {
    // Submitted Friday 24/01/2025, 09:00 in Hà Nội. The day of receipt is not counted; Tết Ất Tỵ
    // is 25/01–02/02 (Sat 25, Sun 26 weekend; Mon 27 – Fri 31 the five Tết days off; Sat 1,
    // Sun 2 weekend), so working day 1 is Monday 03/02:
    //   03/02 (1) 04/02 (2) 05/02 (3) 06/02 (4) 07/02 (5) — weekend 08–09/02 —
    //   10/02 (6) 11/02 (7) 12/02 (8) 13/02 (9) 14/02 (10)  → due Friday 14/02/2025.
    clock.set(vn('2025-01-24T09:00:00'));
    const submitted = await submittedResignation(t, cast);
    expect(submitted.state).toBe('exchange');
    const exchange = deadlineOf(submitted, 'exchange');
    expect(exchange).toMatchObject({
      amount: 10,
      unit: 'WORKING_DAY',
      status: 'pending',
      dueOn: '2025-02-14',
    });
    // The calendar's own count agrees, and names the nine days it passed over for Tết.
    const computed = computeDeadline('2025-01-24', 10, 'WORKING_DAY', VIETNAM_CALENDAR);
    expect(computed.dueOn).toBe('2025-02-14');
    expect(computed.counted).toEqual([
      '2025-02-03',
      '2025-02-04',
      '2025-02-05',
      '2025-02-06',
      '2025-02-07',
      '2025-02-10',
      '2025-02-11',
      '2025-02-12',
      '2025-02-13',
      '2025-02-14',
    ]);

    // The last minute of the due day: not yet overdue.
    clock.set(vn('2025-02-14T23:59:59'));
    expect(firedFor(await scheduler(t).fireDue(), submitted.id)).toEqual([]);
    expect(await overdueIds()).not.toContain(submitted.id);

    // Midnight: the deadline has passed. The case is marked overdue, its state unchanged.
    clock.set(vn('2025-02-15T00:00:00'));
    const report = await scheduler(t).fireDue();
    expect(firedFor(report, submitted.id)).toEqual([
      expect.objectContaining({ name: 'exchange', dueOn: '2025-02-14', outcome: 'markedOverdue' }),
    ]);
    const overdue = await fetchCase(t, cast.auditor, submitted.id);
    expect(overdue).toMatchObject({ state: 'exchange', revision: 2, overdue: true });
    expect(deadlineOf(overdue, 'exchange')).toMatchObject({
      status: 'expired',
      firedAt: clock.now().toISOString(),
      closedAt: null,
    });
    expect(await overdueIds()).toContain(submitted.id);

    // Fired once: a second call finds nothing for it.
    expect(firedFor(await scheduler(t).fireDue(), submitted.id)).toEqual([]);

    // Leaving the state closes the late deadline; the case is no longer overdue.
    clock.set(vn('2025-02-17T10:00:00'));
    const moved = (
      await sendEvent(t, cast.board, submitted.id, {
        type: 'SUBMIT',
        payload: { exchangedOn: '2025-02-17' },
      }).expect(200)
    ).body as CaseBody;
    expect(moved.overdue).toBe(false);
    expect(deadlineOf(moved, 'exchange')).toMatchObject({
      status: 'expired',
      closedAt: clock.now().toISOString(),
    });
    expect(deadlineOf(moved, 'decision').status).toBe('pending');
    expect(await overdueIds()).not.toContain(submitted.id);
  }, 60_000);

  it('marks a deadline met in time as met, and never fires it', async () => {
    // Monday 03/03/2025: 10 working days → Monday 17/03.
    clock.set(vn('2025-03-03T09:00:00'));
    const submitted = await submittedResignation(t, cast);
    expect(deadlineOf(submitted, 'exchange').dueOn).toBe('2025-03-17');
    clock.set(vn('2025-03-17T16:00:00'));
    const met = (
      await sendEvent(t, cast.board, submitted.id, {
        type: 'SUBMIT',
        payload: { exchangedOn: '2025-03-17' },
      }).expect(200)
    ).body as CaseBody;
    expect(deadlineOf(met, 'exchange')).toMatchObject({ status: 'met', firedAt: null });
    clock.set(vn('2025-03-20T09:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), submitted.id)).toEqual([]);
    expect(deadlineOf(await fetchCase(t, cast.auditor, submitted.id), 'exchange').status).toBe(
      'met',
    );
  }, 60_000);

  it('extends the decision deadline 10 → 15 working days once, and refuses a second extension with 422', async () => {
    clock.set(vn('2025-03-03T09:00:00'));
    const submitted = await submittedResignation(t, cast);
    // The vote starts on Friday 14/03: decision due 10 working days later, Friday 28/03.
    clock.set(vn('2025-03-14T09:00:00'));
    const atVote = (
      await sendEvent(t, cast.board, submitted.id, {
        type: 'SUBMIT',
        payload: { exchangedOn: '2025-03-14' },
      }).expect(200)
    ).body as CaseBody;
    expect(deadlineOf(atVote, 'decision')).toMatchObject({ amount: 10, dueOn: '2025-03-28' });

    const extended = (
      await sendEvent(t, cast.authority, submitted.id, {
        type: 'EXTEND',
        payload: { reason: 'Chờ ý kiến của cơ quan cấp trên' },
      }).expect(200)
    ).body as CaseBody;
    // 15 working days from 14/03: 17–21/03 (5), 24–28/03 (10), 31/03–04/04 (15).
    expect(deadlineOf(extended, 'decision')).toMatchObject({
      amount: 15,
      extensions: 1,
      dueOn: '2025-04-04',
      status: 'pending',
    });

    const refused = await sendEvent(t, cast.authority, submitted.id, {
      type: 'EXTEND',
      payload: { reason: 'again' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'deadlineExtension' },
    });
    const after = await fetchCase(t, cast.auditor, submitted.id);
    expect(after.revision).toBe(extended.revision);
    expect(deadlineOf(after, 'decision')).toMatchObject({ amount: 15, dueOn: '2025-04-04' });
  }, 60_000);

  it('lifts the overdue mark when an expired deadline is extended to a day not yet past', async () => {
    clock.set(vn('2025-03-03T09:00:00'));
    const submitted = await submittedResignation(t, cast);
    // Vote from Tuesday 04/03: decision due Tuesday 18/03.
    clock.set(vn('2025-03-04T09:00:00'));
    await sendEvent(t, cast.board, submitted.id, {
      type: 'SUBMIT',
      payload: { exchangedOn: '2025-03-04' },
    }).expect(200);
    clock.set(vn('2025-03-19T08:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), submitted.id)).toEqual([
      expect.objectContaining({ name: 'decision', dueOn: '2025-03-18', outcome: 'markedOverdue' }),
    ]);
    expect((await fetchCase(t, cast.auditor, submitted.id)).overdue).toBe(true);

    const extended = (
      await sendEvent(t, cast.authority, submitted.id, {
        type: 'EXTEND',
        payload: { reason: 'Lý do khách quan' },
      }).expect(200)
    ).body as CaseBody;
    // 15 working days from 04/03: … 18/03 (10), 19/03 (11) … 25/03 (15).
    expect(deadlineOf(extended, 'decision')).toMatchObject({
      dueOn: '2025-03-25',
      status: 'pending',
      firedAt: null,
    });
    expect(extended.overdue).toBe(false);
    expect(await overdueIds()).not.toContain(submitted.id);
  }, 60_000);

  it('fires each due deadline once when fireDue runs twice and concurrently', async () => {
    clock.set(vn('2025-05-05T09:00:00'));
    const cases = [
      await submittedResignation(t, cast),
      await submittedResignation(t, cast),
      await submittedResignation(t, cast),
    ];
    clock.set(vn('2025-06-30T09:00:00'));
    const reports = await Promise.all([
      scheduler(t).fireDue(),
      scheduler(t).fireDue(),
      scheduler(t).fireDue(),
      scheduler(t).fireDue(),
    ]);
    reports.push(await scheduler(t).fireDue());
    for (const opened of cases) {
      const firings = reports.flatMap((report) => firedFor(report, opened.id));
      expect(firings).toHaveLength(1);
      expect(firings[0]).toMatchObject({ name: 'exchange', outcome: 'markedOverdue' });
      const seen = await fetchCase(t, cast.auditor, opened.id);
      expect(seen).toMatchObject({ overdue: true, revision: 2 });
    }
  }, 60_000);

  it('sends the declared event as the system actor, through the same path as a clerk', async () => {
    // Monday 07/04/2025 is Giỗ Tổ Hùng Vương: from Friday 04/04, 2 working days → Wednesday 09/04.
    clock.set(vn('2025-04-04T09:00:00'));
    const opened = await openLapsing(t, cast.clerk);
    expect(deadlineOf(opened, 'reply').dueOn).toBe('2025-04-09');
    clock.set(vn('2025-04-10T00:00:01'));
    const reports = await Promise.all([scheduler(t).fireDue(), scheduler(t).fireDue()]);
    const firings = reports.flatMap((report) => firedFor(report, opened.id));
    expect(firings).toEqual([
      expect.objectContaining({ name: 'reply', outcome: 'eventSent', event: 'DEADLINE_PASSED' }),
    ]);

    const lapsed = await fetchCase(t, cast.auditor, opened.id);
    expect(lapsed).toMatchObject({ state: 'lapsed', status: 'completed', revision: 2 });
    expect(deadlineOf(lapsed, 'reply')).toMatchObject({
      status: 'expired',
      firedAt: clock.now().toISOString(),
    });
    // The case ended before its 5-day deadline: closed, not fired.
    expect(deadlineOf(lapsed, 'overall')).toMatchObject({ status: 'met', firedAt: null });

    const history = (
      await t.http
        .get(`/api/cases/${opened.id}/history`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as HistoryEntry[];
    expect(history.map((entry) => [entry.seq, entry.event, entry.actorId])).toEqual([
      [1, 'CREATE', cast.clerk.id],
      [2, 'DEADLINE_PASSED', 'system'],
    ]);
    expect(history[1]).toMatchObject({
      from: 'waiting',
      to: 'lapsed',
      roles: ['system'],
      comment: expect.stringContaining('reply'),
    });
    await t.http
      .get(`/api/cases/${opened.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200)
      .expect((response) => expect(response.body).toMatchObject({ valid: true, entries: 2 }));
  }, 60_000);

  it('closes a deadline whose event the case refuses, leaving the case unchanged', async () => {
    clock.set(vn('2025-04-14T09:00:00'));
    const opened = await openLapsing(t, cast.clerk);
    const replied = (await sendEvent(t, cast.clerk, opened.id, { type: 'REPLY' }).expect(200))
      .body as CaseBody;
    expect(replied.state).toBe('review');
    // The case-scope deadline runs on: 5 working days from Monday 14/04 → Monday 21/04.
    expect(deadlineOf(replied, 'overall')).toMatchObject({
      status: 'pending',
      dueOn: '2025-04-21',
    });

    clock.set(vn('2025-04-22T09:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), opened.id)).toEqual([
      expect.objectContaining({
        name: 'overall',
        outcome: 'eventRefused',
        refusal: expect.objectContaining({ code: 'EVENT_NOT_ALLOWED' }),
      }),
    ]);
    const after = await fetchCase(t, cast.auditor, opened.id);
    expect(after).toMatchObject({ state: 'review', revision: replied.revision });
    expect(deadlineOf(after, 'overall')).toMatchObject({
      status: 'expired',
      closedAt: clock.now().toISOString(),
      firedAt: clock.now().toISOString(),
    });
    // Closed: never tried again.
    clock.set(vn('2025-04-23T09:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), opened.id)).toEqual([]);
  }, 60_000);

  it('marks an appointment overdue when the policy or the 30-working-day completion deadline passes, and never cancels it', async () => {
    const walk = appointmentWalk(cast);
    // Monday 02/03/2026: policy decision within 15 working days → Monday 23/03.
    clock.set(vn('2026-03-02T09:00:00'));
    const opened = await openAppointment(t, cast.clerk);
    const submitted = (
      await sendEvent(t, walk[0]!.by, opened.id, {
        type: 'SUBMIT',
        payload: walk[0]!.payload,
      }).expect(200)
    ).body as CaseBody;
    expect(deadlineOf(submitted, 'policyDecision').dueOn).toBe('2026-03-23');
    clock.set(vn('2026-03-24T08:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), opened.id)).toEqual([
      expect.objectContaining({ name: 'policyDecision', outcome: 'markedOverdue' }),
    ]);
    expect(await overdueIds()).toContain(opened.id);

    // Approved late: the policy deadline closes as expired, the completion deadline starts.
    // 30 working days from Tuesday 24/03: … 24/04 (23); Monday 27/04 off (Giỗ Tổ fell on
    // Sunday 26/04); 28–29/04 (25); 30/04 and 01/05 holidays; 04–08/05 (30) → Friday 08/05.
    const approved = (
      await sendEvent(t, cast.authority, opened.id, { type: 'APPROVE' }).expect(200)
    ).body as CaseBody;
    expect(approved.overdue).toBe(false);
    expect(deadlineOf(approved, 'policyDecision')).toMatchObject({ status: 'expired' });
    expect(deadlineOf(approved, 'completion')).toMatchObject({
      status: 'pending',
      scope: 'case',
      dueOn: '2026-05-08',
    });
    clock.set(vn('2026-03-25T09:00:00'));
    await sendEvent(t, walk[2]!.by, opened.id, {
      type: 'SUBMIT',
      payload: walk[2]!.payload,
    }).expect(200);

    clock.set(vn('2026-05-09T00:00:00'));
    expect(firedFor(await scheduler(t).fireDue(), opened.id)).toEqual([
      expect.objectContaining({
        name: 'completion',
        dueOn: '2026-05-08',
        outcome: 'markedOverdue',
      }),
    ]);
    // The procedure goes on, still overdue, its completion deadline expired but open.
    const next = (
      await sendEvent(t, walk[3]!.by, opened.id, {
        type: 'RECORD_VOTE',
        payload: walk[3]!.payload,
      }).expect(200)
    ).body as CaseBody;
    expect(next).toMatchObject({ state: walk[3]!.to, status: 'active', overdue: true });
    expect(deadlineOf(next, 'completion')).toMatchObject({ status: 'expired', closedAt: null });
    expect(await overdueIds()).toContain(opened.id);
  }, 60_000);
});

describe.each(databasesUnderTest())('the scheduler started with the app on %s', (database) => {
  let t: TestApp;
  const clock = new TestClock(new Date(vn('2025-09-08T09:00:00')));

  beforeAll(async () => {
    process.env.DEADLINE_POLL_MS = '1000';
    try {
      t = await startTestApp({ database, clock });
    } finally {
      process.env.DEADLINE_POLL_MS = '0';
    }
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  it('polls every DEADLINE_POLL_MS and fires what falls due, without being called', async () => {
    const cast = await createCast(t);
    const submitted = await submittedResignation(t, cast);
    clock.set(vn('2025-10-08T09:00:00'));
    let seen = await fetchCase(t, cast.auditor, submitted.id);
    for (let attempt = 0; attempt < 50 && !seen.overdue; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = await fetchCase(t, cast.auditor, submitted.id);
    }
    expect(seen.overdue).toBe(true);
    expect(deadlineOf(seen, 'exchange')).toMatchObject({ status: 'expired' });
    // Already fired by the poll: a direct call finds nothing.
    expect(firedFor(await scheduler(t).fireDue(), submitted.id)).toEqual([]);
  }, 60_000);
});

describe.each(databasesUnderTest())('deadlines across a restart on %s', (database) => {
  it('fires the deadlines that fell due while the service was down once, in the next process', async () => {
    const shared = await createThrowawayDatabase(database);
    const adminToken = `cf_test_restart_${Date.now()}_admin_token`;
    try {
      const clock = new TestClock(new Date(vn('2025-05-05T09:00:00')));
      const first = await startTestApp({ database, existingDatabase: shared, adminToken, clock });
      let cast: Cast;
      let ids: string[];
      try {
        cast = await createCast(first);
        await publishLapsingDefinition(first);
        ids = [
          (await submittedResignation(first, cast)).id,
          (await openLapsing(first, cast.clerk)).id,
        ];
      } finally {
        await first.close();
      }

      // Down for a month; the next process starts with both deadlines due.
      const later = new TestClock(new Date(vn('2025-06-05T09:00:00')));
      const second = await startTestApp({
        database,
        existingDatabase: shared,
        adminToken,
        clock: later,
      });
      try {
        const [again] = await Promise.all([
          scheduler(second).fireDue(),
          scheduler(second).fireDue(),
        ]).then(async (reports) => [
          [...reports, await scheduler(second).fireDue()].flatMap((report) => report.fired),
        ]);
        expect(again?.map((fired) => [fired.caseId, fired.outcome]).sort()).toEqual(
          [
            [ids[0], 'markedOverdue'],
            [ids[1], 'eventSent'],
          ].sort(),
        );
      } finally {
        await second.close();
      }

      const third = await startTestApp({
        database,
        existingDatabase: shared,
        adminToken,
        clock: later,
      });
      try {
        expect((await scheduler(third).fireDue()).fired).toEqual([]);
        const resignation = await fetchCase(third, cast.auditor, ids[0]!);
        expect(resignation).toMatchObject({ overdue: true, revision: 2 });
        const lapsing = await fetchCase(third, cast.auditor, ids[1]!);
        expect(lapsing).toMatchObject({ state: 'lapsed', revision: 2 });
        expect(third.serverErrors()).toEqual([]);
      } finally {
        await third.close();
      }
    } finally {
      await shared.drop();
    }
  }, 60_000);
});
