/**
 * Instance migration (issue 13, SPEC §3.3): an admin moves a running case to another version of
 * its workflow, on the competent authority's document, as a `MIGRATE` history entry; dry runs
 * say what the move would mean, for one case or every running case of a key.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appointmentSubject,
  bearer,
  createCast,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface Plan {
  caseId: string;
  possible: boolean;
  fromVersion: number;
  toVersion: number;
  fromRegulation: string;
  toRegulation: string;
  state: { from: string; to: string | null; existsInTarget: boolean; mapped: boolean };
  deadlines: Array<{ name: string; change: string }>;
  parameters: Array<{ name: string; change: string; from: unknown; to: unknown }>;
  reasons: Array<{ code: string; message: string }>;
  warnings: Array<{ code: string; message: string }>;
}

interface HistoryEntry {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actorId: string;
  roles: string[];
  payload: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
}

interface ErrorBody {
  code: string;
  message: string;
  details?: { rule?: string; reasons?: Array<{ code: string }>; errors?: Array<{ path: string }> };
}

describe.each(databasesUnderTest())('instance migration on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const admin = () => ({ token: t.adminToken });
  const clock = new TestClock(new Date(vn('2026-06-15T09:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  /** An appointment opened on `version`, at step 1 (proposal.eligibility). */
  async function atEligibility(version: number): Promise<CaseBody> {
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({ workflow: 'appointment', subject: appointmentSubject(), workflowVersion: version })
      .expect(201);
    const id = (opened.body as CaseBody).id;
    await sendEvent(t, cast.clerk, id, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    const approved = await sendEvent(t, cast.authority, id, { type: 'APPROVE' }).expect(200);
    return approved.body as CaseBody;
  }

  const dryRun = (id: string, as: { token: string }, body: Record<string, unknown>) =>
    t.http.post(`/api/cases/${id}/migrate/dry-run`).set('Authorization', bearer(as)).send(body);
  const migrate = (id: string, as: { token: string }, body: Record<string, unknown>) =>
    t.http.post(`/api/cases/${id}/migrate`).set('Authorization', bearer(as)).send(body);
  const history = async (id: string) =>
    (
      await t.http
        .get(`/api/cases/${id}/history`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as HistoryEntry[];
  const verify = async (id: string) =>
    (
      await t.http
        .get(`/api/cases/${id}/verify`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as { valid: boolean };

  it('plans a QĐ 80 case at step 1 onto QĐ 377: the state exists, the waiting periods change', async () => {
    const opened = await atEligibility(1);
    const response = await dryRun(opened.id, cast.auditor, { toVersion: 2 }).expect(200);
    const plan = response.body as Plan;
    expect(plan).toMatchObject({
      caseId: opened.id,
      possible: true,
      fromVersion: 1,
      toVersion: 2,
      fromRegulation: 'QĐ 80-QĐ/TW (2022)',
      toRegulation: 'QĐ 377-QĐ/TW (2025)',
      state: { from: 'proposal.eligibility', to: 'proposal.eligibility', existsInTarget: true },
      reasons: [],
    });
    expect(plan.parameters).toContainEqual(
      expect.objectContaining({
        name: 'disciplineWaitMonths',
        change: 'changed',
        from: expect.objectContaining({ reprimand: 12, warning: 30, removal: 60 }),
        to: expect.objectContaining({ reprimand: 24, warning: 36, removal: 60 }),
      }),
    );
    // Nothing was written: the case is still on v1 at revision 3.
    const after = await t.http
      .get(`/api/cases/${opened.id}`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(after.body).toMatchObject({ workflowVersion: 1, revision: 3 });
  });

  it('moves the case as one MIGRATE entry, which the chain check replays; later events run on v2', async () => {
    const opened = await atEligibility(1);
    const moved = await migrate(opened.id, admin(), {
      toVersion: 2,
      documentRef: '15/QĐ-TU',
    }).expect(200);
    expect(moved.body).toMatchObject({
      id: opened.id,
      workflowVersion: 2,
      state: 'proposal.eligibility',
      revision: 4,
    });
    const entries = await history(opened.id);
    expect(entries.map((entry) => entry.event)).toEqual(['CREATE', 'SUBMIT', 'APPROVE', 'MIGRATE']);
    const entry = entries[3] as HistoryEntry;
    expect(entry).toMatchObject({
      seq: 4,
      from: 'proposal.eligibility',
      to: 'proposal.eligibility',
      roles: ['admin'],
      payload: { fromVersion: 1, toVersion: 2, documentRef: '15/QĐ-TU', stateMapping: {} },
      outcome: expect.objectContaining({ possible: true, fromVersion: 1, toVersion: 2 }),
    });
    expect(await verify(opened.id)).toMatchObject({ valid: true, entries: 4 });

    // Step 1 now runs QĐ 377's checks; the history still replays across the move.
    const submitted = await sendEvent(t, cast.clerk, opened.id, {
      type: 'SUBMIT',
      payload: { eligible: ['c1'] },
    }).expect(200);
    expect((submitted.body as CaseBody).state).toBe('proposal.nomination');
    expect(await verify(opened.id)).toMatchObject({ valid: true, entries: 5 });
    await t.http
      .get(`/api/cases/${opened.id}/diagram?format=mermaid`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
  });

  it('refuses a move that cannot be made with 422 and the reasons, in the language asked for', async () => {
    const opened = await atEligibility(1);
    const body = {
      toVersion: 2,
      documentRef: '16/QĐ-TU',
      stateMapping: { 'proposal.eligibility': 'proposal.nowhere' },
    };
    const { documentRef: _document, ...planned } = body;
    const plan = (await dryRun(opened.id, cast.auditor, planned).expect(200)).body as Plan;
    expect(plan.possible).toBe(false);
    expect(plan.reasons.map((reason) => reason.code)).toEqual(['migration.mappedUnknown']);

    const en = (await migrate(opened.id, admin(), body).expect(422)).body as ErrorBody;
    const vi = (await migrate(opened.id, admin(), body).set('Accept-Language', 'vi').expect(422))
      .body as ErrorBody;
    expect(en.code).toBe('RULE_NOT_SATISFIED');
    expect(en.details?.rule).toBe('migration');
    expect(en.details?.reasons?.map((reason) => reason.code)).toEqual(['migration.mappedUnknown']);
    expect(vi.details).toEqual(en.details);
    expect(en.message).toContain('proposal.nowhere');
    expect(vi.message).not.toBe(en.message);
    expect(await history(opened.id)).toHaveLength(3);
  });

  it('refuses to move an ended case', async () => {
    const opened = await atEligibility(1);
    await sendEvent(t, cast.clerk, opened.id, {
      type: 'WITHDRAW',
      payload: { reason: 'Đơn vị rút đề xuất' },
    }).expect(200);
    const refused = (
      await migrate(opened.id, admin(), { toVersion: 2, documentRef: '17/QĐ-TU' }).expect(422)
    ).body as ErrorBody;
    expect(refused.details?.reasons?.map((reason) => reason.code)).toContain('migration.ended');
  });

  it('lets only an admin move a case, and auditors and admins plan; bad bodies are located', async () => {
    const opened = await atEligibility(1);
    await migrate(opened.id, cast.auditor, { toVersion: 2, documentRef: 'x' }).expect(403);
    await dryRun(opened.id, cast.clerk, { toVersion: 2 }).expect(403);
    await dryRun(opened.id, admin(), { toVersion: 2 }).expect(200);
    const missing = (await migrate(opened.id, admin(), { toVersion: 2 }).expect(400))
      .body as ErrorBody;
    expect(missing.details?.errors?.map((error) => error.path)).toContain('documentRef');
    const badMapping = (
      await dryRun(opened.id, admin(), {
        toVersion: 2,
        stateMapping: { 'proposal.eligibility': 7 },
      }).expect(400)
    ).body as ErrorBody;
    expect(badMapping.details?.errors?.map((error) => error.path)).toEqual([
      'stateMapping.proposal.eligibility',
    ]);
    expect(
      ((await dryRun(opened.id, admin(), { toVersion: 9 }).expect(404)).body as ErrorBody).code,
    ).toBe('NOT_FOUND');
    // MIGRATE is the history's, not an event a procedure role can send.
    await sendEvent(t, cast.clerk, opened.id, { type: 'MIGRATE' }).expect(409);
  });

  it('plans every running case of a key at once', async () => {
    const onV1 = await atEligibility(1);
    const onV2 = await atEligibility(2);
    const response = await t.http
      .post('/api/workflows/appointment/migrate/dry-run')
      .set('Authorization', bearer(cast.auditor))
      .send({ toVersion: 2 })
      .expect(200);
    const report = response.body as {
      key: string;
      toVersion: number;
      toRegulation: string;
      total: number;
      possible: number;
      notPossible: number;
      alreadyOnTarget: number;
      cases: Array<{ caseId: string; fromVersion: number; possible: boolean; to: string | null }>;
    };
    expect(report).toMatchObject({
      key: 'appointment',
      toVersion: 2,
      toRegulation: 'QĐ 377-QĐ/TW (2025)',
    });
    expect(report.total).toBe(report.cases.length + report.alreadyOnTarget);
    expect(report.possible + report.notPossible).toBe(report.cases.length);
    expect(report.cases).toContainEqual({
      caseId: onV1.id,
      fromVersion: 1,
      state: 'proposal.eligibility',
      possible: true,
      to: 'proposal.eligibility',
      reasons: [],
    });
    expect(report.cases.map((entry) => entry.caseId)).not.toContain(onV2.id);
    expect(report.alreadyOnTarget).toBeGreaterThanOrEqual(1);
    await t.http
      .post('/api/workflows/appointment/migrate/dry-run')
      .set('Authorization', bearer(cast.clerk))
      .send({ toVersion: 2 })
      .expect(403);
    await t.http
      .post('/api/workflows/no-such-key/migrate/dry-run')
      .set('Authorization', bearer(cast.auditor))
      .send({ toVersion: 1 })
      .expect(404);
  });
});
