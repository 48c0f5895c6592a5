import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import {
  appointmentSubject,
  appointmentWalk,
  bearer,
  createCast,
  openAppointment,
  sendEvent,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string;

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

interface HistoryEntry {
  seq: number;
  event: string;
  from: string | null;
  to: string;
  actorId: string;
  roles: string[];
  outcome: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

describe.each(databasesUnderTest())('cases over HTTP on %s', (database) => {
  let t: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    t = await startTestApp({ database });
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  async function caseAt(steps: number): Promise<CaseBody> {
    let current = await openAppointment(t, cast.clerk);
    for (const step of appointmentWalk(cast).slice(0, steps)) {
      const response = await sendEvent(t, step.by, current.id, {
        type: step.type,
        payload: step.payload,
      });
      expect(response.status).toBe(200);
      current = response.body as CaseBody;
    }
    return current;
  }

  async function fetchCase(id: string, as = cast.auditor): Promise<CaseBody> {
    return (await t.http.get(`/api/cases/${id}`).set('Authorization', bearer(as)).expect(200))
      .body as CaseBody;
  }

  it('opens an appointment in proposal.policy at revision 1, listing what the caller may send', async () => {
    const opened = await openAppointment(t, cast.clerk);
    expect(opened).toMatchObject({
      state: 'proposal.policy',
      status: 'active',
      revision: 1,
      workflow: 'appointment',
      workflowVersion: 2, // the QĐ 377 profile, in force today
    });
    expect(opened.availableEvents.map((event) => event.type).sort()).toEqual([
      'SUBMIT',
      'WITHDRAW',
    ]);
    const asAuthority = await fetchCase(opened.id, cast.authority);
    expect(asAuthority.availableEvents).toEqual([]);
  });

  it('walks an appointment to appointed, and its history chain recomputes from the HTTP history alone', async () => {
    let current = await openAppointment(t, cast.clerk);
    for (const step of appointmentWalk(cast)) {
      const response = await sendEvent(t, step.by, current.id, {
        type: step.type,
        payload: step.payload,
        expectedRevision: current.revision,
      });
      expect({ status: response.status, state: (response.body as CaseBody).state }).toEqual({
        status: 200,
        state: step.to,
      });
      current = response.body as CaseBody;
    }
    expect(current).toMatchObject({ status: 'completed', outcome: 'appointed', revision: 12 });
    expect(current.facts['termEndsOn']).toBe('2031-04-01');

    const history = (
      await t.http
        .get(`/api/cases/${current.id}/history`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as HistoryEntry[];
    expect(history.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(history[0]).toMatchObject({
      event: 'CREATE',
      from: null,
      to: 'proposal.policy',
      actorId: cast.clerk.id,
      prevHash: '0'.repeat(64),
    });
    let previous = '0'.repeat(64);
    for (const entry of history) {
      const { hash, ...rest } = entry;
      expect(entry.prevHash).toBe(previous);
      expect(
        createHash('sha256')
          .update(previous + canonicalize(rest))
          .digest('hex'),
      ).toBe(hash);
      previous = hash;
    }
    // The vote's outcome records the quorum check, the base, the counts and the result.
    const vote = history.find((entry) => entry.to === 'decision');
    expect(JSON.stringify(vote?.outcome)).toContain('TOTAL_MEMBERS');
    expect(vote?.roles).toEqual(['clerk']);
    const verify = await t.http
      .get(`/api/cases/${current.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verify.body).toEqual({ valid: true, entries: 12, head: previous });
  });

  describe('refusals change nothing', () => {
    let id: string;
    let revision: number;
    beforeAll(async () => {
      const atVote = await caseAt(9);
      id = atVote.id;
      revision = atVote.revision;
      expect(atVote.state).toBe('vote.ballot');
    });

    async function expectUnchanged(): Promise<void> {
      const now = await fetchCase(id);
      expect(now.revision).toBe(revision);
      expect(now.state).toBe('vote.ballot');
    }

    it('400 VALIDATION_FAILED for an inconsistent tally (present > summoned)', async () => {
      const response = await sendEvent(t, cast.clerk, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 10, present: 11, inFavour: 6 },
      });
      expect(response.status).toBe(400);
      expect((response.body as ErrorBody).code).toBe('VALIDATION_FAILED');
      await expectUnchanged();
    });

    it('400 VALIDATION_FAILED for wrong types and unknown fields', async () => {
      for (const body of [
        { type: 42 },
        { type: 'RECORD_VOTE', payload: 'x' },
        { type: 'RECORD_VOTE', extra: true },
        { type: 'RECORD_VOTE', expectedRevision: 'one' },
      ]) {
        const response = await t.http
          .post(`/api/cases/${id}/events`)
          .set('Authorization', bearer(cast.clerk))
          .send(body);
        expect({ body, status: response.status, code: (response.body as ErrorBody).code }).toEqual({
          body,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      const payload = await sendEvent(t, cast.clerk, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: '17', present: 15, inFavour: 9 },
      });
      expect(payload.status).toBe(400);
      await expectUnchanged();
    });

    it('400 for malformed JSON', async () => {
      const response = await t.http
        .post(`/api/cases/${id}/events`)
        .set('Authorization', bearer(cast.clerk))
        .set('Content-Type', 'application/json')
        .send('{"type": "RECORD_VOTE", ');
      expect(response.status).toBe(400);
      expect((response.body as ErrorBody).code).toBe('VALIDATION_FAILED');
      await expectUnchanged();
    });

    it('409 EVENT_NOT_ALLOWED for an event the state does not accept, with the allowed events', async () => {
      const response = await sendEvent(t, cast.authority, id, {
        type: 'ISSUE_DECISION',
        payload: {},
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'EVENT_NOT_ALLOWED',
        details: { allowed: expect.arrayContaining(['RECORD_VOTE', 'WITHDRAW']) },
      });
      await expectUnchanged();
    });

    it('409 REVISION_CONFLICT for a stale expectedRevision', async () => {
      const response = await sendEvent(t, cast.clerk, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 17, present: 15, inFavour: 9 },
        expectedRevision: revision - 1,
      });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        code: 'REVISION_CONFLICT',
        details: { currentRevision: revision },
      });
      await expectUnchanged();
    });

    it('403 FORBIDDEN for a role the event does not allow, and for an auditor', async () => {
      const byHead = await sendEvent(t, cast.head, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 17, present: 15, inFavour: 9 },
      });
      expect(byHead.status).toBe(403);
      expect((byHead.body as ErrorBody).code).toBe('FORBIDDEN');
      const byAuditor = await sendEvent(t, cast.auditor, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 17, present: 15, inFavour: 9 },
      });
      expect(byAuditor.status).toBe(403);
      await expectUnchanged();
    });

    it('413 for an oversize body', async () => {
      const response = await sendEvent(t, cast.clerk, id, {
        type: 'RECORD_VOTE',
        payload: { summoned: 17, present: 15, inFavour: 9 },
        comment: 'x'.repeat(2 * 1024 * 1024),
      });
      expect(response.status).toBe(413);
      await expectUnchanged();
    });

    it('404 for an unknown case, 401 without a token', async () => {
      await sendEvent(t, cast.clerk, '00000000-0000-4000-8000-000000000000', {
        type: 'SUBMIT',
      }).expect(404);
      await t.http
        .get('/api/cases/not-a-uuid')
        .set('Authorization', bearer(cast.clerk))
        .expect(404);
      await t.http.post(`/api/cases/${id}/events`).send({ type: 'RECORD_VOTE' }).expect(401);
      await expectUnchanged();
    });
  });

  it('422 RULE_NOT_SATISFIED for an ineligible candidate, with the rule and reason', async () => {
    const atEligibility = await caseAt(2);
    const response = await sendEvent(t, cast.clerk, atEligibility.id, {
      type: 'SUBMIT',
      payload: { eligible: ['c3'] },
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
    expect((response.body as ErrorBody).message).toContain('c3');
  });

  it('404 for an unknown workflow and 400 for a subject that fails the schema; only clerks open cases', async () => {
    await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({ workflow: 'nope', subject: {} })
      .expect(404);
    const bad = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({ workflow: 'appointment', subject: { position: {} } });
    expect(bad.status).toBe(400);
    expect((bad.body as ErrorBody).code).toBe('VALIDATION_FAILED');
    await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.authority))
      .send({ workflow: 'appointment', subject: appointmentSubject() })
      .expect(403);
  });

  describe('Idempotency-Key', () => {
    it('replays the first response for the same key and body, applying nothing twice', async () => {
      const opened = await openAppointment(t, cast.clerk);
      const body = { type: 'SUBMIT', payload: { headcount: 1, source: 'internal', duties: 'x' } };
      const first = await sendEvent(t, cast.clerk, opened.id, body, 'key-1');
      const second = await sendEvent(t, cast.clerk, opened.id, body, 'key-1');
      expect(first.status).toBe(200);
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect((await fetchCase(opened.id)).revision).toBe(2);
      const history = (
        await t.http
          .get(`/api/cases/${opened.id}/history`)
          .set('Authorization', bearer(cast.auditor))
      ).body as HistoryEntry[];
      expect(history).toHaveLength(2);
    });

    it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const opened = await openAppointment(t, cast.clerk);
      await sendEvent(
        t,
        cast.clerk,
        opened.id,
        { type: 'SUBMIT', payload: { headcount: 1, source: 'internal', duties: 'x' } },
        'key-2',
      ).expect(200);
      const reused = await sendEvent(
        t,
        cast.clerk,
        opened.id,
        { type: 'WITHDRAW', payload: { reason: 'y' } },
        'key-2',
      );
      expect(reused.status).toBe(422);
      expect((reused.body as ErrorBody).code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await fetchCase(opened.id)).state).toBe('proposal.policyReview');
    });
  });

  it('lists cases with filters and cursor pagination, newest first', async () => {
    const clerk = await t.createPrincipal(['clerk'], 'list clerk');
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) ids.push((await openAppointment(t, clerk)).id);
    await sendEvent(t, clerk, ids[0]!, { type: 'WITHDRAW', payload: { reason: 'test' } }).expect(
      200,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string> = {
        workflow: 'appointment',
        limit: '2',
        ...(cursor ? { cursor } : {}),
      };
      const page = (
        await t.http
          .get('/api/cases')
          .query(query)
          .set('Authorization', bearer(cast.auditor))
          .expect(200)
      ).body as { items: CaseBody[]; nextCursor: string | null };
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    expect(seen.indexOf(ids[4]!)).toBeLessThan(seen.indexOf(ids[0]!));

    const withdrawn = (
      await t.http
        .get('/api/cases')
        .query({ status: 'completed', state: 'withdrawn' })
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as { items: CaseBody[] };
    expect(withdrawn.items.map((item) => item.id)).toContain(ids[0]);
    expect(withdrawn.items.every((item) => item.state === 'withdrawn')).toBe(true);
    const proposal = (
      await t.http
        .get('/api/cases')
        .query({ state: 'proposal', limit: '200' })
        .set('Authorization', bearer(cast.auditor))
        .expect(200)
    ).body as { items: CaseBody[] };
    expect(proposal.items.every((item) => item.state.startsWith('proposal.'))).toBe(true);
    await t.http
      .get('/api/cases')
      .query({ cursor: 'garbage' })
      .set('Authorization', bearer(cast.auditor))
      .expect(400);
    await t.http
      .get('/api/cases')
      .query({ limit: '0' })
      .set('Authorization', bearer(cast.auditor))
      .expect(400);
    await t.http
      .get('/api/cases')
      .query({ overdue: 'maybe' })
      .set('Authorization', bearer(cast.auditor))
      .expect(400);
  });

  it('applies exactly one of 20 simultaneous events on the same revision; the rest get 409, no 5xx', async () => {
    const opened = await openAppointment(t, cast.clerk);
    const body = {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'x' },
      expectedRevision: 1,
    };
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => sendEvent(t, cast.clerk, opened.id, body)),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const after = await fetchCase(opened.id);
    expect(after.revision).toBe(2);
    const verify = await t.http
      .get(`/api/cases/${opened.id}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verify.body).toMatchObject({ valid: true, entries: 2 });
  });

  it('records the deadlines the definition declares, with due dates', async () => {
    const submitted = await caseAt(1);
    expect(submitted.deadlines).toEqual([
      expect.objectContaining({
        name: 'policyDecision',
        unit: 'WORKING_DAY',
        amount: 15,
        status: 'pending',
        dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      }),
    ]);
    const approved = (
      await sendEvent(t, cast.authority, submitted.id, { type: 'APPROVE' }).expect(200)
    ).body as CaseBody;
    expect(approved.deadlines.map((deadline) => [deadline.name, deadline.status])).toEqual([
      ['policyDecision', 'met'],
      ['completion', 'pending'],
    ]);
  });
});
