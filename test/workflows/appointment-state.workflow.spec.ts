import { describe, expect, it } from '@jest/globals';
import type { JsonObject, StoredSnapshot } from '../../src/engine/index.js';
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

// NĐ 170/2025/NĐ-CP Art. 33: the state-side appointment, written with the same rule vocabulary.
// Version 1 (NĐ 170 as first published); version 2 is walked in corrections.workflow.spec.ts.
const state = builtin('appointment-state', 1);
const party = builtin('appointment', 1);

const subject = (candidates: JsonObject[] = []) => ({
  position: { title: 'Vụ trưởng Vụ Tổ chức cán bộ', unit: 'Bộ X' },
  candidates: [
    cadre({ id: 'c1', fullName: 'Nguyễn Văn A' }),
    cadre({ id: 'c2', fullName: 'Trần Thị B', gender: 'female', dateOfBirth: '1982-02-01' }),
    ...candidates,
  ],
});

const toEligibility: Step[] = [
  {
    type: 'SUBMIT',
    actor: actors.clerk,
    payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
  },
  { type: 'APPROVE', actor: actors.authority },
];
const steps1to5: Step[] = [
  { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
  // Step 2: expanded leadership conference, 40 summoned, results not announced.
  {
    type: 'RECORD_VOTE',
    actor: actors.clerk,
    payload: candidatesTally(40, 33, { c1: 20, c2: 13 }),
  },
  // Step 3: leadership conference (2nd), 9 summoned: 5·2 = 10 > 9.
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: candidatesTally(9, 8, { c1: 5, c2: 3 }) },
  // Step 4: key officials.
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(60, 50, 41, 9) },
  // Step 5: leadership conference (3rd), more than half of all 9 members.
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 9, 6, 3) },
];
const decision = {
  decisionNumber: '45/QĐ-BX',
  signedOn: '2026-03-20',
  effectiveOn: '2026-04-01',
};

function at(steps: Step[], candidates: JsonObject[] = []): StoredSnapshot {
  const opened = open(state, subject(candidates));
  return steps.length === 0 ? opened.snapshot : last(walk(state, opened.snapshot, steps)).snapshot;
}

describe('appointment-state workflow (NĐ 170/2025/NĐ-CP Art. 33)', () => {
  it('names its regulation and the parameters of the state profile', () => {
    expect(state.definition.regulation).toBe('NĐ 170/2025/NĐ-CP');
    expect(state.parameters).toMatchObject({
      disciplineWaitMonths: { reprimand: 24, warning: 36, removal: 60 },
      minYearsToRetirement: 5,
      minMonthsInPost: 24,
      quorum: { numerator: 2, denominator: 3 },
      policyDecisionWorkingDays: 15,
      completionWorkingDays: 30,
      termYears: 5,
    });
  });

  it('has the same states as the Party appointment, so clients handle both alike', () => {
    expect(state.tree.nodes.map((node) => node.id)).toEqual(
      party.tree.nodes.map((node) => node.id),
    );
  });

  it('walks policy → five conferences → vetting → vote → decision → appointed', () => {
    const opened = open(state, subject());
    expect(opened.to).toBe('proposal.policy');
    const steps = walk(state, opened.snapshot, [
      ...toEligibility,
      ...steps1to5,
      { type: 'APPROVE', actor: actors.board },
      { type: 'APPROVE', actor: actors.inspection },
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(15, 13, 8, 5) },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'proposal.policyReview',
      'proposal.eligibility',
      'proposal.nomination',
      'proposal.leadershipNomination.ballot',
      'proposal.keyOfficialsOpinion',
      'proposal.leadershipVote.ballot',
      'vetting.review',
      'vetting.review',
      'vote.ballot',
      'decision',
      'appointed',
    ]);
    const end = last(steps);
    expect(end.finalState).toBe('appointed');
    expect(end.snapshot.context.facts['nominees']).toEqual(['c1']);
    expect(end.snapshot.context.facts['termEndsOn']).toBe('2031-04-01');
  });

  it('decides the policy within 15 working days and completes within 30 after approval', () => {
    const opened = open(state, subject());
    const [submitted, approved] = walk(state, opened.snapshot, toEligibility);
    expect(submitted?.effects).toEqual([
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'policyDecision',
        amount: 15,
        unit: 'WORKING_DAY',
      }),
    ]);
    expect(approved?.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'scheduleDeadline',
          name: 'completion',
          amount: 30,
          unit: 'WORKING_DAY',
          scope: 'case',
          onExpiry: { markOverdue: true },
        }),
      ]),
    );
  });

  it('records step 2 as not announced and step 3 as announced, in the outcome and the facts', () => {
    const steps = walk(state, at(toEligibility), steps1to5.slice(0, 3));
    const [, step2, step3] = steps;
    const voteOf = (evaluations: JsonObject | null | undefined) =>
      (evaluations?.['rules'] as JsonObject[] | undefined)?.[0]?.['details'] as JsonObject;
    expect(voteOf(step2?.evaluations)).toMatchObject({ announced: false });
    expect(voteOf(step3?.evaluations)).toMatchObject({
      announced: true,
      rule: { base: 'TOTAL_SUMMONED' },
    });
    const votes = last(steps).snapshot.context.facts['votes'] as Record<string, JsonObject>;
    expect(votes['proposal.nomination']?.['details']).toMatchObject({ announced: false });
    expect(votes['proposal.leadershipNomination.ballot']?.['details']).toMatchObject({
      announced: true,
    });
  });

  it('measures step 3 against the total summoned: 4 of 9 is not more than half (two go on)', () => {
    const steps = walk(state, at(toEligibility), [
      ...steps1to5.slice(0, 2),
      {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: candidatesTally(9, 9, { c1: 4, c2: 3 }),
      },
    ]);
    expect(last(steps).to).toBe('proposal.keyOfficialsOpinion');
    expect(last(steps).snapshot.context.facts['nominees']).toEqual(['c1', 'c2']);
  });

  it('applies the QĐ 377 discipline waiting period: a reprimand 21 months old still blocks', () => {
    // Reprimand effective 2024-06-01; the eligible list is submitted on 2026-03-02 (21 months).
    const reprimanded = cadre({
      id: 'c3',
      fullName: 'Lê Văn C',
      disciplines: [{ level: 'reprimand', effectiveOn: '2024-06-01' }],
    });
    const submit: Step = { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c3'] } };
    const refused = send(state, at(toEligibility, [reprimanded]), submit);
    expect(refused).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
    // Under QĐ 80 (12 months) the same cadre is eligible.
    const partyCase = open(party, subject([reprimanded]));
    const partyEligibility = last(walk(party, partyCase.snapshot, toEligibility)).snapshot;
    expect(send(party, partyEligibility, submit)).toMatchObject({
      accepted: true,
      to: 'proposal.nomination',
    });
  });

  it('rejects at step 5 when no more than half of all members agree (domain.md §2.2)', () => {
    const steps = walk(state, at(toEligibility), [
      ...steps1to5.slice(0, 4),
      // 9 members, 8 present, 4 in favour: 4·2 = 8 ≤ 9.
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 8, 4, 4) },
    ]);
    expect(last(steps)).toMatchObject({ to: 'rejected', status: 'completed' });
  });

  it('keeps the case at a conference without quorum (2/3 of those summoned)', () => {
    const steps = walk(state, at(toEligibility), [
      steps1to5[0]!,
      // 40 summoned, 26 present: 26·3 = 78 < 80.
      {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: candidatesTally(40, 26, { c1: 20, c2: 6 }),
      },
    ]);
    expect(last(steps)).toMatchObject({
      to: 'proposal.nomination',
      evaluations: { result: 'QUORUM_NOT_MET' },
    });
  });
});
