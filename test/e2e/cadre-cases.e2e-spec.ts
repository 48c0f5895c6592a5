/**
 * Cases whose subject names a cadre by `cadreId` (SPEC §7): the rules read the registry as of
 * the event, the facts they used go into the history entry's outcome, and a later correction of
 * the registry changes neither that entry nor the case's replay.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  appointmentWalk,
  bearer,
  createCast,
  sendEvent,
  TestClock,
  type Cast,
} from '../support/case-fixtures.js';
import { cadre } from '../support/engine-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

const vn = (local: string) => `${local}+07:00`;

const discipline = (effectiveOn: string) => ({
  level: 'reprimand',
  decisionNumber: '7-QĐ/UBKT',
  issuer: 'Ủy ban Kiểm tra Tỉnh ủy',
  effectiveOn,
});

interface HistoryEntry {
  seq: number;
  event: string;
  outcome: Record<string, unknown> | null;
}

describe.each(databasesUnderTest())('cases naming a cadre by cadreId on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  const clock = new TestClock(new Date(vn('2026-03-10T09:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  });

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  });

  it('keeps the facts eligibility used on 15/03 after the registry is corrected on 20/03, and still verifies', async () => {
    // 10/03: recorded with an effective date whose waiting period (24 months, QĐ 377) still runs.
    clock.set(vn('2026-03-10T09:00:00'));
    const created = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        code: 'CB-CASE-1',
        person: { fullName: 'Hoàng Văn Minh', gender: 'male', dateOfBirth: '1980-05-10' },
        posts: [{ postTitle: 'Phó Giám đốc Sở', unitId: 'u-so', since: '2020-01-01' }],
        planning: [{ title: 'Giám đốc Sở', period: '2025-2030', since: '2025-01-01' }],
        disciplines: [discipline('2025-06-01')],
      })
      .expect(201);
    const cadreId = (created.body as { id: string }).id;
    const correct = async (effectiveOn: string) => {
      const history = await t.http
        .get(`/api/cadres/${cadreId}/history`)
        .set('Authorization', bearer(cast.board))
        .expect(200);
      const entries = history.body as Array<{ seq: number; kind: string }>;
      const last = entries.filter((entry) => entry.kind === 'discipline').pop();
      await t.http
        .post(`/api/cadres/${cadreId}/entries`)
        .set('Authorization', bearer(cast.board))
        .send({
          entries: [{ kind: 'discipline', supersedes: last?.seq, data: discipline(effectiveOn) }],
        })
        .expect(200);
    };

    // 12/03: the case opens; its subject holds the registry of that day (the running wait).
    clock.set(vn('2026-03-12T09:00:00'));
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({
        workflow: 'appointment',
        subject: {
          position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
          candidates: [{ cadreId }, cadre({ id: 'c2', fullName: 'Trần Thị B' })],
        },
      })
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    expect(opened.body).toMatchObject({
      factsSource: 'registry',
      subject: {
        candidates: [
          {
            id: cadreId,
            cadreId,
            fullName: 'Hoàng Văn Minh',
            disciplines: [{ effectiveOn: '2025-06-01' }],
          },
          { id: 'c2' },
        ],
      },
    });
    await sendEvent(t, cast.clerk, caseId, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    await sendEvent(t, cast.authority, caseId, { type: 'APPROVE', payload: {} }).expect(200);

    // 13/03: corrected (the wait ended on 01/01/2025); 15/03: eligibility reads the registry.
    clock.set(vn('2026-03-13T09:00:00'));
    await correct('2023-01-01');
    clock.set(vn('2026-03-15T09:00:00'));
    await sendEvent(t, cast.clerk, caseId, {
      type: 'SUBMIT',
      payload: { eligible: [cadreId, 'c2'] },
    }).expect(200);

    // 20/03: corrected again. Neither the entry nor the replay may follow it.
    clock.set(vn('2026-03-20T09:00:00'));
    await correct('2025-06-02');

    const caseHistory = await t.http
      .get(`/api/cases/${caseId}/history`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const measured = (caseHistory.body as HistoryEntry[]).find((entry) => entry.seq === 4);
    expect(measured?.outcome).toMatchObject({
      registry: {
        asOf: '2026-03-15',
        facts: { [cadreId]: { disciplines: [{ level: 'reprimand', effectiveOn: '2023-01-01' }] } },
      },
    });
    expect(JSON.stringify(measured?.outcome)).not.toContain('2025-06-0');
    // A replay taking the subject's facts (the running wait of 12/03) or today's registry would
    // be refused at entry 4: it takes the recorded ones.
    const verified = await t.http
      .get(`/api/cases/${caseId}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(verified.body).toMatchObject({ valid: true, entries: 4 });
    const then = await t.http
      .get(`/api/cadres/${cadreId}?asOf=2026-03-15`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    expect(then.body).toMatchObject({ disciplines: [{ data: { effectiveOn: '2023-01-01' } }] });
  });

  it('reads the registry again at the next check: the corrected discipline now stops a new case', async () => {
    clock.set(vn('2026-03-21T09:00:00'));
    const list = await t.http
      .get('/api/cadres?q=hoang%20van%20minh')
      .set('Authorization', bearer(cast.clerk))
      .expect(200);
    const cadreId = (list.body as { items: Array<{ id: string }> }).items[0]?.id as string;
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({
        workflow: 'appointment',
        subject: {
          position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
          candidates: [{ cadreId }],
        },
      })
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    await sendEvent(t, cast.clerk, caseId, {
      type: 'SUBMIT',
      payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
    }).expect(200);
    await sendEvent(t, cast.authority, caseId, { type: 'APPROVE', payload: {} }).expect(200);
    const refused = await sendEvent(t, cast.clerk, caseId, {
      type: 'SUBMIT',
      payload: { eligible: [cadreId] },
    }).expect(422);
    expect(refused.body).toMatchObject({ code: 'RULE_NOT_SATISFIED' });
  });

  it('writes the appointment back: the decision appends a post to the cadre, naming the case', async () => {
    clock.set(vn('2026-03-21T09:00:00'));
    const created = await t.http
      .post('/api/cadres')
      .set('Authorization', bearer(cast.clerk))
      .send({
        code: 'CB-CASE-2',
        person: { fullName: 'Vũ Thị Lan', gender: 'female', dateOfBirth: '1980-05-10' },
        posts: [{ postTitle: 'Phó Giám đốc Sở', unitId: 'u-so', since: '2020-01-01' }],
        planning: [{ title: 'Giám đốc Sở', period: '2025-2030', since: '2025-01-01' }],
      })
      .expect(201);
    const cadreId = (created.body as { id: string }).id;
    const opened = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({
        workflow: 'appointment',
        subject: {
          position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
          candidates: [{ cadreId }, cadre({ id: 'c2', fullName: 'Trần Thị B' })],
        },
      })
      .expect(201);
    const caseId = (opened.body as { id: string }).id;
    const walk = JSON.parse(
      JSON.stringify(appointmentWalk(cast)).replaceAll('"c1"', `"${cadreId}"`),
    ) as ReturnType<typeof appointmentWalk<Cast['clerk']>>;
    for (const step of walk) {
      const response = await sendEvent(t, step.by, caseId, {
        type: step.type,
        payload: step.payload,
      });
      expect({
        type: step.type,
        status: response.status,
        state: (response.body as { state?: string }).state,
      }).toEqual({ type: step.type, status: 200, state: step.to });
    }
    const record = await t.http
      .get(`/api/cadres/${cadreId}`)
      .set('Authorization', bearer(cast.board))
      .expect(200);
    expect((record.body as { posts: unknown[] }).posts).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ postTitle: 'Phó Giám đốc Sở' }) }),
      expect.objectContaining({
        caseId,
        data: {
          postTitle: 'Giám đốc Sở Nội vụ',
          unitId: expect.any(String),
          since: '2026-04-01',
          termEndsOn: expect.any(String),
          caseId,
        },
      }),
    ]);
    const history = await t.http
      .get(`/api/cadres/${cadreId}/history`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const last = (history.body as Array<{ kind: string; caseId: string | null }>).pop();
    expect(last).toMatchObject({ kind: 'post', caseId });
    await t.http
      .get(`/api/cadres/${cadreId}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200)
      .expect((response) => expect(response.body).toMatchObject({ valid: true }));
    await t.http
      .get(`/api/cases/${caseId}/verify`)
      .set('Authorization', bearer(cast.auditor))
      .expect(200)
      .expect((response) => expect(response.body).toMatchObject({ valid: true }));
  });

  it('answers an unknown cadreId with 404 and opens nothing', async () => {
    const response = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send({
        workflow: 'appointment',
        subject: {
          position: { title: 'Giám đốc Sở', unit: 'Sở X' },
          candidates: [{ cadreId: '00000000-0000-4000-8000-0000000000ff' }],
        },
      })
      .expect(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
