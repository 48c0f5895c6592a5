/**
 * The law in force (issue 13, SPEC §3.3, §5.2, §5.4): a case is opened on the version in force
 * on the day its process began (or the version named), the choice is recorded in its CREATE
 * entry, and an anchored deadline counts from the date of the case it names.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { computeDeadline } from '../../src/engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../src/engine/calendar/vietnam-calendar.js';
import {
  appointmentSubject,
  bearer,
  createCast,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { deadlineOf, fetchCase, firedFor, scheduler } from '../support/deadline-fixtures.js';
import { cadre } from '../support/engine-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

// The tests fire deadlines by calling fireDue themselves: no background poll in these apps.
process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface ErrorBody {
  code: string;
  message: string;
  details?: { errors?: Array<{ path: string; constraint: string }>; rule?: string };
}

interface HistoryEntry {
  seq: number;
  event: string;
  payload: Record<string, unknown>;
}

describe.each(databasesUnderTest())('the regulation in force on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  // Monday 15/06/2026 in Hà Nội: QĐ 377 (8/10/2025) is in force.
  const clock = new TestClock(new Date(vn('2026-06-15T09:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  const open = (body: Record<string, unknown>) =>
    t.http.post('/api/cases').set('Authorization', bearer(cast.clerk)).send(body);

  const creation = async (caseId: string): Promise<Record<string, unknown>> => {
    const response = await t.http
      .get(`/api/cases/${caseId}/history`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const [first] = response.body as HistoryEntry[];
    expect(first?.event).toBe('CREATE');
    return first?.payload ?? {};
  };

  describe('choosing the version (POST /api/cases)', () => {
    // A candidate warned on 15/10/2023: 32 months before the measuring day, 15/06/2026.
    const warned = () => {
      const subject = appointmentSubject();
      subject.candidates[0] = cadre({
        id: 'c1',
        fullName: 'Nguyễn Văn A',
        disciplines: [{ level: 'warning', effectiveOn: '2023-10-15' }],
      });
      return subject;
    };

    /** Opens the appointment, walks it to step 1 and submits c1 as eligible. */
    const toEligibility = async (opening: Record<string, unknown>) => {
      const opened = (await open({ workflow: 'appointment', subject: warned(), ...opening }).expect(
        201,
      )) as { body: CaseBody & { workflowVersion: number } };
      const id = opened.body.id;
      await sendEvent(t, cast.clerk, id, {
        type: 'SUBMIT',
        payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
      }).expect(200);
      await sendEvent(t, cast.authority, id, { type: 'APPROVE' }).expect(200);
      return { id, version: opened.body.workflowVersion };
    };
    const submitEligible = (id: string, language?: string) => {
      const request = sendEvent(t, cast.clerk, id, {
        type: 'SUBMIT',
        payload: { eligible: ['c1'] },
      });
      return language === undefined ? request : request.set('Accept-Language', language);
    };

    it('lets the warned candidate pass in a process begun on 01/09/2025 (QĐ 80: 30 months)', async () => {
      const { id, version } = await toEligibility({ startedOn: '2025-09-01' });
      expect(version).toBe(1);
      expect((await creation(id))['version']).toEqual({
        chosen: 1,
        by: 'startedOn',
        startedOn: '2025-09-01',
        effectiveFrom: '2022-08-18',
        regulation: 'QĐ 80-QĐ/TW (2022)',
      });
      const passed = await submitEligible(id).expect(200);
      expect((passed.body as CaseBody).state).toBe('proposal.nomination');
    });

    it('refuses the same candidate in a process begun today (QĐ 377: 36 months), naming the regulation and the day the wait ends', async () => {
      const { id, version } = await toEligibility({});
      expect(version).toBe(2);
      expect((await creation(id))['version']).toEqual({
        chosen: 2,
        by: 'today',
        startedOn: '2026-06-15',
        effectiveFrom: '2025-10-08',
        regulation: 'QĐ 377-QĐ/TW (2025)',
      });
      const en = (await submitEligible(id).expect(422)).body as ErrorBody;
      const vi = (await submitEligible(id, 'vi').expect(422)).body as ErrorBody;
      expect(en.code).toBe('RULE_NOT_SATISFIED');
      expect(en.details?.rule).toBe('eligibility');
      expect(vi.details).toEqual(en.details);
      expect(en.message).toContain(
        'the 36-month wait after the warning effective 2023-10-15 runs until 2026-10-15',
      );
      expect(en.message).toContain('QĐ 377-QĐ/TW');
      expect(vi.message).toContain('chưa hết thời hạn 36 tháng');
      expect(vi.message).toContain('(15/10/2023)');
      expect(vi.message).toContain('đến ngày 15/10/2026');
      expect(vi.message).toContain('QĐ 377-QĐ/TW');
      expect((await fetchCase(t, cast.auditor, id)).state).toBe('proposal.eligibility');
    });

    it('opens on the version named, and records that it was named', async () => {
      const opened = await open({
        workflow: 'appointment',
        subject: appointmentSubject(),
        workflowVersion: 1,
      }).expect(201);
      const body = opened.body as CaseBody & { workflowVersion: number };
      expect(body.workflowVersion).toBe(1);
      expect((await creation(body.id))['version']).toEqual({
        chosen: 1,
        by: 'workflowVersion',
        effectiveFrom: '2022-08-18',
        regulation: 'QĐ 80-QĐ/TW (2022)',
      });
      // Both, and consistent: the version named, checked against the day.
      const both = await open({
        workflow: 'appointment',
        subject: appointmentSubject(),
        workflowVersion: 2,
        startedOn: '2025-10-08',
      }).expect(201);
      expect((both.body as { workflowVersion: number }).workflowVersion).toBe(2);
      expect((await creation((both.body as CaseBody).id))['version']).toMatchObject({
        chosen: 2,
        by: 'workflowVersion',
        startedOn: '2025-10-08',
      });
    });

    it.each([
      [
        'a version not in force on the day given',
        { workflowVersion: 2, startedOn: '2025-10-07' },
        'workflowVersion',
        'versionInForce',
      ],
      ['a start date in the future', { startedOn: '2026-06-16' }, 'startedOn', 'notInFuture'],
      ['a start date that is no day', { startedOn: '2025-02-30' }, 'startedOn', 'isCivilDate'],
      [
        'a start date before every version',
        { startedOn: '2020-01-01' },
        'startedOn',
        'versionInForce',
      ],
      ['a start date that is not a date', { startedOn: '1/9/2025' }, 'startedOn', 'matches'],
      [
        'a version that is not a whole number',
        { workflowVersion: 1.5 },
        'workflowVersion',
        'isInt',
      ],
    ])(
      'refuses %s: 400 VALIDATION_FAILED at the field',
      async (_what, opening, path, constraint) => {
        const response = await open({
          workflow: 'appointment',
          subject: appointmentSubject(),
          ...opening,
        }).expect(400);
        const body = response.body as ErrorBody;
        expect(body.code).toBe('VALIDATION_FAILED');
        expect(body.details?.errors).toEqual([expect.objectContaining({ path, constraint })]);
      },
    );

    it('answers 404 for a version that does not exist', async () => {
      const response = await open({
        workflow: 'appointment',
        subject: appointmentSubject(),
        workflowVersion: 9,
      }).expect(404);
      expect((response.body as ErrorBody).code).toBe('NOT_FOUND');
    });

    it('says in Vietnamese why a start date is refused', async () => {
      const response = await open({
        workflow: 'appointment',
        subject: appointmentSubject(),
        workflowVersion: 2,
        startedOn: '2025-10-07',
      })
        .set('Accept-Language', 'vi')
        .expect(400);
      expect((response.body as ErrorBody).message).toContain('07/10/2025');
    });
  });

  describe('a deadline anchored on a date of the case (SPEC §5.4)', () => {
    it("counts a resignation's exchange from the day the letter was received, not from the submit", async () => {
      // The letter reached the organization board on Monday 16/03/2026; the clerk submits on
      // Friday 20/03. QĐ 41 / QĐ 377: 10 working days from the letter's receipt.
      clock.set(vn('2026-03-20T09:00:00'));
      const opened = await open({
        workflow: 'resignation',
        subject: {
          cadre: cadre({ id: 'x1', fullName: 'Phạm Văn D' }),
          position: { title: 'Giám đốc Sở Y tế', unit: 'Sở Y tế tỉnh X' },
        },
      }).expect(201);
      const id = (opened.body as CaseBody).id;
      expect((opened.body as { workflowVersion: number }).workflowVersion).toBe(2);
      const submitted = await sendEvent(t, cast.clerk, id, {
        type: 'SUBMIT',
        payload: { ground: 'personal', letterReceivedOn: '2026-03-16' },
      }).expect(200);
      const fromLetter = computeDeadline('2026-03-16', 10, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn;
      const fromSubmit = computeDeadline('2026-03-20', 10, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn;
      expect(fromLetter).toBe('2026-03-30');
      expect(fromSubmit).not.toBe(fromLetter);
      expect(deadlineOf(submitted.body as CaseBody, 'exchange')).toMatchObject({
        countedFrom: '2026-03-16',
        direction: 'after',
        amount: 10,
        unit: 'WORKING_DAY',
        dueOn: fromLetter,
        status: 'pending',
      });

      // The last minute of the due day: nothing fires; the next midnight it does.
      clock.set(vn('2026-03-30T23:59:59'));
      expect(firedFor(await scheduler(t).fireDue(), id)).toEqual([]);
      clock.set(vn('2026-03-31T00:00:00'));
      expect(firedFor(await scheduler(t).fireDue(), id)).toEqual([
        expect.objectContaining({ name: 'exchange', dueOn: '2026-03-30' }),
      ]);
      expect(await fetchCase(t, cast.auditor, id)).toMatchObject({
        state: 'exchange',
        overdue: true,
      });

      // The exchange reported late: the deadline closes as expired, the case is no longer overdue.
      const exchanged = await sendEvent(t, cast.board, id, {
        type: 'SUBMIT',
        payload: { exchangedOn: '2026-03-31' },
      }).expect(200);
      expect((exchanged.body as CaseBody).state).toMatch(/^vote/);
      expect(deadlineOf(exchanged.body as CaseBody, 'exchange')).toMatchObject({
        countedFrom: '2026-03-16',
        dueOn: '2026-03-30',
        status: 'expired',
      });
    });
  });
});
