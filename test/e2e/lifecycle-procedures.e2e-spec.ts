/**
 * The lifecycle procedures of issue 15 over HTTP (SPEC §5.5): `dismissal` (QĐ 41 v1, QĐ 377 v2),
 * `dismissal-state` (NĐ 170), `transfer`, `appointment-external`, `reappointment` and
 * `reappointment-state` (NĐ 170), published from `workflows/` at start; each but
 * `reappointment-state` (the same steps as `reappointment`, walked in test/workflows) opened by a
 * clerk and walked to its end, with their anchored deadlines; one republished through the API as
 * a new key and walked again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  computeDeadline,
  computeDeadlineBefore,
} from '../../src/engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../src/engine/calendar/vietnam-calendar.js';
import {
  bearer,
  createCast,
  sendEvent,
  TestClock,
  type CaseBody,
  type Cast,
} from '../support/case-fixtures.js';
import { deadlineOf, fetchCase } from '../support/deadline-fixtures.js';
import { cadre } from '../support/engine-fixtures.js';
import { databasesUnderTest, startTestApp, type TestApp } from '../support/test-app.js';

process.env.DEADLINE_POLL_MS = '0';

const vn = (local: string) => new Date(`${local}+07:00`).toISOString();

interface Walked {
  readonly by: keyof Cast;
  readonly type: string;
  readonly payload?: Record<string, unknown>;
  readonly to: string;
}

const position = { title: 'Giám đốc Sở Y tế', unit: 'Sở Y tế tỉnh X' };
const twoReprimands = cadre({
  id: 'd1',
  fullName: 'Hoàng Văn E',
  currentPositionSince: '2023-01-01',
  disciplines: [
    { level: 'reprimand', effectiveOn: '2024-05-01' },
    { level: 'reprimand', effectiveOn: '2026-02-24' },
  ],
});
const decision = { decisionNumber: '12-QĐ/TU', signedOn: '2026-03-06', effectiveOn: '2026-03-09' };

const dismissalWalk: Walked[] = [
  {
    by: 'clerk',
    type: 'SUBMIT',
    payload: { ground: 'disciplinesInTerm', groundAroseOn: '2026-02-24' },
    to: 'proposal.exchange',
  },
  {
    by: 'board',
    type: 'RECORD_EXCHANGE',
    payload: { exchangedOn: '2026-02-26', cadreOpinion: 'disagrees' },
    to: 'proposal.submission',
  },
  {
    by: 'board',
    type: 'SUBMIT',
    payload: { proposedOn: '2026-03-06', documentRef: '45-TTr/BTCTU' },
    to: 'vote.ballot',
  },
  // 9 of 17 members for: more than half of all (the trap, 8 of 17, is walked apart below).
  {
    by: 'clerk',
    type: 'RECORD_VOTE',
    payload: { summoned: 17, present: 12, inFavour: 9, against: 3 },
    to: 'decision',
  },
  { by: 'authority', type: 'ISSUE_DECISION', payload: decision, to: 'dismissed' },
];

describe.each(databasesUnderTest())('lifecycle procedures over HTTP on %s', (database) => {
  let t: TestApp;
  let cast: Cast;
  // Friday 06/03/2026 in Hà Nội.
  const clock = new TestClock(new Date(vn('2026-03-06T10:00:00')));

  beforeAll(async () => {
    t = await startTestApp({ database, clock });
    cast = await createCast(t);
  }, 60_000);

  afterAll(async () => {
    expect(t.serverErrors()).toEqual([]);
    await t.close();
  }, 60_000);

  const open = async (body: Record<string, unknown>) => {
    const response = await t.http
      .post('/api/cases')
      .set('Authorization', bearer(cast.clerk))
      .send(body);
    if (response.status !== 201) throw new Error(JSON.stringify(response.body));
    return response.body as CaseBody & { workflowVersion: number };
  };

  const walk = async (id: string, steps: readonly Walked[]): Promise<CaseBody> => {
    let body: CaseBody | undefined;
    for (const [index, step] of steps.entries()) {
      const response = await sendEvent(t, cast[step.by], id, {
        type: step.type,
        payload: step.payload ?? {},
      });
      if (response.status !== 200) {
        throw new Error(`step ${index} ${step.type}: ${JSON.stringify(response.body)}`);
      }
      body = response.body as CaseBody;
      expect({ index, state: body.state }).toEqual({ index, state: step.to });
    }
    if (!body) throw new Error('no steps');
    return body;
  };

  it('publishes every new procedure at start, each readable, valid as GET returns it, with its diagram', async () => {
    for (const [key, versions] of [
      ['dismissal', [1, 2]],
      ['dismissal-state', [1]],
      ['transfer', [1]],
      ['appointment-external', [1]],
      ['reappointment', [1]],
      ['reappointment-state', [1]],
    ] as const) {
      const listed = await t.http
        .get(`/api/workflows/${key}/versions`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200);
      const rows = listed.body as Array<{ version: number; source: string }>;
      expect(rows.map((row) => [row.version, row.source])).toEqual(
        versions.map((version) => [version, 'builtin']),
      );
      const latest = await t.http
        .get(`/api/workflows/${key}`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200);
      const checked = await t.http
        .post('/api/workflows/validate')
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ ...(latest.body as Record<string, unknown>), version: undefined })
        .expect(200);
      expect(checked.body).toMatchObject({ valid: true, problems: [] });
      const diagram = await t.http
        .get(`/api/workflows/${key}/diagram?format=mermaid`)
        .set('Authorization', bearer(cast.auditor))
        .expect(200);
      expect(diagram.text).toContain('stateDiagram-v2');
    }
  });

  it('walks a dismissal (QĐ 377, v2) to dismissed, its proposal deadline counted from the ground and its decision deadline from the proposal', async () => {
    const opened = await open({
      workflow: 'dismissal',
      subject: { cadre: twoReprimands, position },
    });
    expect(opened).toMatchObject({ workflowVersion: 2, state: 'grounds' });
    const [first, ...rest] = dismissalWalk;
    const submitted = await walk(opened.id, [first as Walked]);
    expect(deadlineOf(submitted, 'proposal')).toMatchObject({
      status: 'pending',
      amount: 10,
      unit: 'WORKING_DAY',
      dueOn: computeDeadline('2026-02-24', 10, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn,
    });
    const [exchange, proposal, ...toEnd] = rest;
    const atVote = await walk(opened.id, [exchange as Walked, proposal as Walked]);
    expect(deadlineOf(atVote, 'decision')).toMatchObject({
      status: 'pending',
      amount: 10,
      dueOn: computeDeadline('2026-03-06', 10, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn,
    });
    const ended = await walk(opened.id, toEnd);
    expect(ended).toMatchObject({ status: 'completed', outcome: 'dismissed' });
    expect(ended.facts['decision']).toEqual(decision);
  });

  it('refuses at the vote base trap: 8 of 17 members for (2/3 of the 12 present) ends in notDismissed', async () => {
    const opened = await open({
      workflow: 'dismissal',
      subject: { cadre: twoReprimands, position },
    });
    await walk(opened.id, dismissalWalk.slice(0, 3));
    const failed = await sendEvent(t, cast.clerk, opened.id, {
      type: 'RECORD_VOTE',
      payload: { summoned: 17, present: 12, inFavour: 8, against: 4 },
    }).expect(200);
    expect(failed.body).toMatchObject({ status: 'completed', outcome: 'notDismissed' });
  });

  it('pins a dismissal begun before 8/10/2025 to QĐ 41 (v1): exactly 2/3 low confidence is no ground there (scenario 30)', async () => {
    const lowTwoThirds = cadre({ id: 'd2', lastConfidenceVote: { ballotsReturned: 30, low: 20 } });
    const old = await open({
      workflow: 'dismissal',
      startedOn: '2025-09-01',
      subject: { cadre: lowTwoThirds, position },
    });
    expect(old.workflowVersion).toBe(1);
    const ground = { ground: 'lowConfidence', groundAroseOn: '2026-02-24' };
    const refused = await sendEvent(t, cast.clerk, old.id, { type: 'SUBMIT', payload: ground });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'dismissalGrounds' },
    });
    const current = await open({
      workflow: 'dismissal',
      subject: { cadre: lowTwoThirds, position },
    });
    expect(current.workflowVersion).toBe(2);
    await walk(current.id, [
      { by: 'clerk', type: 'SUBMIT', payload: ground, to: 'proposal.exchange' },
    ]);
  });

  it('walks a State-side dismissal (NĐ 170) with its 30-day vote deadline', async () => {
    const warned = cadre({
      id: 'd3',
      currentPositionSince: '2023-01-01',
      disciplines: [
        { level: 'reprimand', effectiveOn: '2024-05-01' },
        { level: 'warning', effectiveOn: '2026-02-24' },
      ],
    });
    const opened = await open({
      workflow: 'dismissal-state',
      subject: { cadre: warned, position },
    });
    const atVote = await walk(opened.id, dismissalWalk.slice(0, 3));
    expect(deadlineOf(atVote, 'vote')).toMatchObject({
      status: 'pending',
      amount: 30,
      unit: 'DAY',
      dueOn: computeDeadline('2026-03-06', 30, 'DAY', VIETNAM_CALENDAR).dueOn,
    });
    const tie = await walk(opened.id, [
      {
        by: 'clerk',
        type: 'RECORD_VOTE',
        payload: { summoned: 6, present: 6, inFavour: 3, against: 3 },
        to: 'vote.tie',
      },
      {
        by: 'head',
        type: 'HEAD_DECIDE',
        payload: { outcome: 'approve', justification: 'Căn cứ đã rõ' },
        to: 'decision',
      },
      { by: 'authority', type: 'ISSUE_DECISION', payload: decision, to: 'dismissed' },
    ]);
    expect(tie).toMatchObject({ status: 'completed', outcome: 'dismissed' });
  });

  it('walks a secondment to its end, its end date kept for the reminders', async () => {
    const opened = await open({
      workflow: 'transfer',
      subject: {
        cadre: cadre({ id: 't1' }),
        kind: 'secondment',
        fromUnit: 'Sở Tài chính',
        toUnit: 'Ban Quản lý dự án',
        toPosition: 'Phó Trưởng ban',
        endsOn: '2027-12-31',
      },
    });
    const ended = await walk(opened.id, [
      { by: 'clerk', type: 'SUBMIT', payload: { reason: 'Yêu cầu nhiệm vụ' }, to: 'receivingUnit' },
      {
        by: 'board',
        type: 'RECORD_OPINION',
        payload: { agrees: true },
        to: 'currentWorkplace.ballot',
      },
      // 10 of 20 summoned: exactly half → the head of the current workplace decides (scenario 9).
      {
        by: 'clerk',
        type: 'RECORD_VOTE',
        payload: { summoned: 20, present: 16, inFavour: 10, against: 6 },
        to: 'currentWorkplace.tie',
      },
      {
        by: 'head',
        type: 'HEAD_DECIDE',
        payload: { outcome: 'approve', justification: 'Đồng ý biệt phái' },
        to: 'vetting.review',
      },
      { by: 'board', type: 'APPROVE', to: 'decision' },
      { by: 'authority', type: 'ISSUE_DECISION', payload: decision, to: 'transferred' },
    ]);
    expect(ended).toMatchObject({ status: 'completed', outcome: 'transferred' });
    expect(ended.facts['secondmentEndsOn']).toBe('2027-12-31');
  });

  it('walks an external appointment to appointed, the parties disagreeing in full (scenario 17)', async () => {
    const opened = await open({
      workflow: 'appointment-external',
      subject: {
        position,
        candidate: cadre({ id: 'e1', fullName: 'Đỗ Thị G', gender: 'female' }),
        currentWorkplace: 'Sở Nội vụ tỉnh Y',
      },
    });
    const ended = await walk(opened.id, [
      {
        by: 'clerk',
        type: 'SUBMIT',
        payload: {
          proposedBy: 'authority',
          duties: 'Phụ trách chung',
          dossierReceivedOn: '2026-03-02',
        },
        to: 'receivingLeadership',
      },
      {
        by: 'board',
        type: 'RECORD_OPINION',
        payload: { agrees: true },
        to: 'currentWorkplace.ballot',
      },
      {
        by: 'clerk',
        type: 'RECORD_VOTE',
        payload: { summoned: 25, present: 22, inFavour: 18, against: 4 },
        to: 'consultation',
      },
      {
        by: 'clerk',
        type: 'RECORD_OPINION',
        payload: { from: 'sendingUnit', agrees: false, note: 'Đơn vị đang cần cán bộ' },
        to: 'consultation',
      },
      {
        by: 'clerk',
        type: 'RECORD_OPINION',
        payload: { from: 'candidate', agrees: true, metOn: '2026-03-05' },
        to: 'consultation',
      },
      {
        by: 'clerk',
        type: 'RECORD_OPINION',
        payload: { from: 'receivingUnit', agrees: false, note: 'Đề nghị nhân sự tại chỗ' },
        to: 'vetting.review',
      },
      { by: 'board', type: 'APPROVE', to: 'decision' },
      { by: 'authority', type: 'ISSUE_DECISION', payload: decision, to: 'appointed' },
    ]);
    expect(ended).toMatchObject({ status: 'completed', outcome: 'appointed' });
    expect(ended.facts['opinions']).toMatchObject({
      sendingUnit: { agrees: false },
      receivingUnit: { agrees: false },
      candidate: { agrees: true },
    });
    expect(ended.facts['termEndsOn']).toBe('2031-03-09');
  });

  it('walks a reappointment that becomes an extension to retirement (scenario 21), its notice counted back 90 working days from the term end', async () => {
    const opened = await open({
      workflow: 'reappointment',
      subject: {
        cadre: cadre({ id: 'r1', dateOfBirth: '1966-06-15' }),
        position,
        termEndsOn: '2026-10-31',
      },
    });
    expect(opened.state).toBe('notice');
    expect(deadlineOf(opened, 'notice')).toMatchObject({
      status: 'pending',
      amount: 90,
      dueOn: computeDeadlineBefore('2026-10-31', 90, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn,
    });
    const ended = await walk(opened.id, [
      {
        by: 'authority',
        type: 'ISSUE_NOTICE',
        payload: { noticeRef: '5-TB/TU', issuedOn: '2026-03-05' },
        to: 'extension.selfAssessment',
      },
      {
        by: 'clerk',
        type: 'SUBMIT',
        payload: { submittedOn: '2026-03-06', documentRef: 'Bản tự đánh giá' },
        to: 'leadershipVote.ballot',
      },
      {
        by: 'clerk',
        type: 'RECORD_VOTE',
        payload: { summoned: 9, present: 9, inFavour: 7, against: 2 },
        to: 'decision',
      },
      {
        by: 'authority',
        type: 'ISSUE_DECISION',
        payload: { ...decision, effectiveOn: '2026-11-01' },
        to: 'reappointed',
      },
    ]);
    expect(ended).toMatchObject({ status: 'completed', outcome: 'reappointed' });
    expect(ended.facts['retirementHorizon']).toMatchObject({ route: 'EXTENSION' });
    expect(ended.facts['termEndsOn']).toBe('2028-06-30');
  });

  it('publishes a definition of the family through the API and walks a case of it', async () => {
    const latest = await t.http
      .get('/api/workflows/transfer')
      .set('Authorization', bearer(cast.auditor))
      .expect(200);
    const copy = {
      ...(latest.body as Record<string, unknown>),
      key: 'transfer-province-x',
      version: 1,
    };
    const published = await t.http
      .post('/api/workflows')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send(copy)
      .expect(201);
    expect(published.body).toEqual({ key: 'transfer-province-x', version: 1 });
    const opened = await open({
      workflow: 'transfer-province-x',
      subject: {
        cadre: cadre({ id: 't2' }),
        kind: 'transfer',
        fromUnit: 'Sở Tài chính',
        toUnit: 'Sở Xây dựng',
        toPosition: 'Phó Giám đốc Sở',
      },
    });
    const rejected = await walk(opened.id, [
      { by: 'clerk', type: 'SUBMIT', payload: { reason: 'Yêu cầu nhiệm vụ' }, to: 'receivingUnit' },
      {
        by: 'board',
        type: 'RECORD_OPINION',
        payload: { agrees: false },
        to: 'currentWorkplace.ballot',
      },
      // 40 summoned, 30 present, 19 for: 63% of those present, less than half of those summoned.
      {
        by: 'clerk',
        type: 'RECORD_VOTE',
        payload: { summoned: 40, present: 30, inFavour: 19, against: 11 },
        to: 'rejected',
      },
    ]);
    expect(rejected).toMatchObject({ status: 'completed', outcome: 'rejected' });
    expect((await fetchCase(t, cast.auditor, opened.id)).state).toBe('rejected');
  });
});
