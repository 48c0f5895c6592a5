/**
 * Moving running cases to a new version (issue 13: Camunda-style instance migration), planned by
 * the pure planMigration and carried out by applyMigration: appointment QĐ 80 (v1) → QĐ 377 (v2).
 */
import { describe, expect, it } from '@jest/globals';
import {
  applyMigration,
  planMigration,
  render,
  type StoredSnapshot,
} from '../../src/engine/index.js';
import {
  actors,
  builtin,
  cadre,
  candidatesTally,
  last,
  open,
  send,
  walk,
  yesNo,
  type Step,
} from '../support/engine-fixtures.js';

const v1 = builtin('appointment', 1);
const v2 = builtin('appointment', 2);

const subject = {
  position: { title: 'Giám đốc Sở', unit: 'Sở X' },
  candidates: [
    cadre({ id: 'c1' }),
    cadre({ id: 'c2', gender: 'female', dateOfBirth: '1982-02-01' }),
  ],
};
const steps: Step[] = [
  {
    type: 'SUBMIT',
    actor: actors.clerk,
    payload: { headcount: 1, source: 'internal', duties: 'x' },
  },
  { type: 'APPROVE', actor: actors.authority },
  { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
  {
    type: 'RECORD_VOTE',
    actor: actors.clerk,
    payload: candidatesTally(30, 25, { c1: 15, c2: 10 }),
  },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: candidatesTally(9, 9, { c1: 6, c2: 3 }) },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(30, 25, 20, 5) },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 9, 6, 3) },
  { type: 'APPROVE', actor: actors.board },
];

function v1CaseAfter(count: number): StoredSnapshot {
  const opened = open(v1, subject);
  return count === 0
    ? opened.snapshot
    : last(walk(v1, opened.snapshot, steps.slice(0, count))).snapshot;
}

describe('planMigration: appointment v1 (QĐ 80) → v2 (QĐ 377)', () => {
  it.each([
    [0, 'proposal.policy'],
    [2, 'proposal.eligibility'],
    [5, 'proposal.keyOfficialsOpinion'],
    [8, 'vetting.review'],
  ])('after %i events the case is in %s, which v2 has: possible', (count, state) => {
    const plan = planMigration(v1, v2, v1CaseAfter(count));
    expect(plan).toMatchObject({
      key: 'appointment',
      possible: true,
      fromVersion: 1,
      toVersion: 2,
      fromRegulation: 'QĐ 80-QĐ/TW (2022)',
      toRegulation: 'QĐ 377-QĐ/TW (2025)',
      state: { from: state, to: state, existsInTarget: true, mapped: false },
      reasons: [],
    });
  });

  it('lists the parameters that change, with their old and new values', () => {
    const plan = planMigration(v1, v2, v1CaseAfter(2));
    expect(plan.parameters).toContainEqual({
      name: 'disciplineWaitMonths',
      change: 'changed',
      from: { reprimand: 12, warning: 30, removal: 60 },
      to: { reprimand: 24, warning: 36, removal: 60, source: 'QĐ 377-QĐ/TW, Điều 20' },
    });
    expect(plan.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['checksByRelation', 'whenStep3Differs', 'reappointmentNotice']),
    );
    expect(plan.parameters.map((p) => p.name)).not.toContain('termYears');
  });

  it('says the step-1 measuring date will be missing when the case has passed step 1', () => {
    const plan = planMigration(v1, v2, v1CaseAfter(5));
    expect(plan.warnings.map((w) => render(w, 'en')).join(' ')).toContain(
      'facts.dossierReceivedOn',
    );
    // Before step 1, v2 records it itself.
    expect(planMigration(v1, v2, v1CaseAfter(2)).warnings).toEqual([]);
  });

  it('refuses a state the target lacks, with a reason, unless a mapping names one', () => {
    // A v2 case suspended on a freeze: v1 has no suspension state.
    const opened = open(v2, subject);
    const atStep4 = last(walk(v2, opened.snapshot, steps.slice(0, 5))).snapshot;
    const suspended = send(v2, atStep4, {
      type: 'RECORD_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'c1', freeze: { kind: 'inspection', since: '2026-03-01' } },
    });
    if (!suspended.accepted) throw new Error(suspended.reason);
    const refused = planMigration(v2, v1, suspended.snapshot);
    expect(refused).toMatchObject({
      possible: false,
      state: { from: 'suspended', to: null, existsInTarget: false },
    });
    expect(render(refused.reasons[0]!, 'en')).toBe(
      'Version 1 has no state "suspended", where the case is: give a mapping to one of its states.',
    );
    expect(render(refused.reasons[0]!, 'vi')).toContain('không có trạng thái "suspended"');
    const mapped = planMigration(v2, v1, suspended.snapshot, {
      stateMapping: { suspended: 'proposal.keyOfficialsOpinion' },
    });
    expect(mapped).toMatchObject({
      possible: true,
      state: { to: 'proposal.keyOfficialsOpinion', mapped: true },
    });
    expect(
      planMigration(v2, v1, suspended.snapshot, { stateMapping: { suspended: 'proposal' } })
        .possible,
    ).toBe(false);
    expect(
      planMigration(v2, v1, suspended.snapshot, { stateMapping: { suspended: 'appointed' } })
        .possible,
    ).toBe(false);
  });

  it('refuses a finished case, the same version, and another key', () => {
    const opened = open(v1, subject);
    const withdrawn = send(v1, opened.snapshot, {
      type: 'WITHDRAW',
      actor: actors.clerk,
      payload: { reason: 'x' },
    });
    if (!withdrawn.accepted) throw new Error(withdrawn.reason);
    expect(planMigration(v1, v2, withdrawn.snapshot).possible).toBe(false);
    expect(planMigration(v1, v1, opened.snapshot).possible).toBe(false);
    expect(planMigration(v1, builtin('appointment-state', 2), opened.snapshot).possible).toBe(
      false,
    );
  });

  it('reports the deadlines whose terms change, marking those that run', () => {
    const resignationV1 = builtin('resignation', 1);
    const resignationV2 = builtin('resignation', 2);
    const opened = open(resignationV1, {
      cadre: cadre(),
      position: { title: 'Giám đốc', unit: 'Sở X' },
    });
    const submitted = send(resignationV1, opened.snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { ground: 'personal', letterReceivedOn: '2026-02-20' },
    });
    if (!submitted.accepted) throw new Error(submitted.reason);
    const plan = planMigration(resignationV1, resignationV2, submitted.snapshot);
    expect(plan.deadlines).toEqual([
      {
        name: 'exchange',
        running: true,
        change: 'changed',
        from: expect.objectContaining({ amount: 10, unit: 'WORKING_DAY', from: null }),
        to: expect.objectContaining({
          amount: 10,
          unit: 'WORKING_DAY',
          from: 'facts.application.letterReceivedOn',
        }),
      },
    ]);
  });
});

describe('applyMigration', () => {
  it('puts a v1 case at vetting on v2, keeping its approvals, and v2 then decides it', () => {
    const before = v1CaseAfter(8);
    const plan = planMigration(v1, v2, before);
    const { snapshot, effects } = applyMigration(v2, before, plan);
    expect(effects).toEqual([]);
    expect(snapshot.value).toEqual(before.value);
    expect(snapshot.context.approvals).toEqual({
      'vetting.review': before.context.approvals['vetting.review'],
    });
    // v2 re-checks eligibility at vetting and takes the second approval.
    const next = send(v2, snapshot, { type: 'APPROVE', actor: actors.inspection });
    expect(next.accepted && next.to).toBe('vote.ballot');
  });

  it('drops an approval the target no longer asks for (NĐ 170 v2: no Party inspection approval)', () => {
    const stateV1 = builtin('appointment-state', 1);
    const stateV2 = builtin('appointment-state', 2);
    const opened = open(stateV1, subject);
    const atVetting = last(
      walk(stateV1, opened.snapshot, [
        ...steps.slice(0, 4),
        {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: candidatesTally(30, 25, { c1: 20, c2: 4 }),
        },
        ...steps.slice(5, 7),
        { type: 'APPROVE', actor: actors.inspection },
      ]),
    ).snapshot;
    const plan = planMigration(stateV1, stateV2, atVetting);
    expect(plan.possible).toBe(true);
    expect(plan.warnings.map((w) => render(w, 'en'))).toContain(
      'The inspection_commission approval(s) given in "vetting.review" are not asked for by version 2 and are dropped.',
    );
    expect(applyMigration(stateV2, atVetting, plan).snapshot.context.approvals).toEqual({});
  });

  it('refuses a plan that is not possible', () => {
    const plan = planMigration(v1, v1, v1CaseAfter(0));
    expect(() => applyMigration(v1, v1CaseAfter(0), plan)).toThrow(/not possible/);
  });
});
