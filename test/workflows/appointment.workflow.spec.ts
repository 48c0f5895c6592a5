import { describe, expect, it } from '@jest/globals';
import { availableEvents, pendingApprovals, type StoredSnapshot } from '../../src/engine/index.js';
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

// The QĐ 80 profile (version 1); the QĐ 377 corrections are in corrections.workflow.spec.ts.
const appointment = builtin('appointment', 1);

const subject = {
  position: { title: 'Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
  candidates: [
    cadre({ id: 'c1', fullName: 'Nguyễn Văn A' }),
    cadre({ id: 'c2', fullName: 'Trần Thị B', gender: 'female', dateOfBirth: '1982-02-01' }),
    cadre({ id: 'c3', fullName: 'Lê Văn C', inPlanning: false }),
  ],
};

const toEligibility: Step[] = [
  {
    type: 'SUBMIT',
    actor: actors.clerk,
    payload: { headcount: 1, source: 'internal', duties: 'Phụ trách chung' },
  },
  { type: 'APPROVE', actor: actors.authority },
];
const toVetting: Step[] = [
  ...toEligibility,
  { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
  {
    type: 'RECORD_VOTE',
    actor: actors.clerk,
    payload: candidatesTally(30, 25, { c1: 15, c2: 10 }),
  },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: candidatesTally(9, 9, { c1: 6, c2: 3 }) },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: { ...yesNo(30, 25, 20, 5) } },
  { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 9, 6, 3) },
];
const toVote: Step[] = [
  ...toVetting,
  { type: 'APPROVE', actor: actors.board },
  { type: 'APPROVE', actor: actors.inspection },
];
const decision = {
  decisionNumber: '123/QĐ-UBND',
  signedOn: '2026-03-20',
  effectiveOn: '2026-04-01',
};

function at(steps: Step[]): StoredSnapshot {
  const opened = open(appointment, subject);
  return steps.length === 0
    ? opened.snapshot
    : last(walk(appointment, opened.snapshot, steps)).snapshot;
}

describe('appointment workflow', () => {
  it('opens in proposal.policy', () => {
    expect(open(appointment, subject).to).toBe('proposal.policy');
  });

  it('walks the happy path from policy to appointed, recording the term end', () => {
    const opened = open(appointment, subject);
    const steps = walk(appointment, opened.snapshot, [
      ...toVote,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(17, 15, 9, 6) },
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
    expect(end.status).toBe('completed');
    expect(end.finalState).toBe('appointed');
    expect(end.snapshot.context.facts['termEndsOn']).toBe('2031-04-01');
    expect(end.snapshot.context.facts['nominees']).toEqual(['c1']);
  });

  it('starts the 15-working-day policy deadline and the 30-working-day completion deadline', () => {
    const opened = open(appointment, subject);
    const [submitted, approved] = walk(appointment, opened.snapshot, toEligibility);
    expect(submitted?.effects).toEqual([
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'policyDecision',
        amount: 15,
        unit: 'WORKING_DAY',
        onExpiry: { markOverdue: true },
      }),
    ]);
    expect(approved?.effects).toEqual(
      expect.arrayContaining([
        { type: 'cancelDeadline', name: 'policyDecision', reason: 'stateLeft' },
        expect.objectContaining({
          type: 'scheduleDeadline',
          name: 'completion',
          amount: 30,
          scope: 'case',
        }),
      ]),
    );
    // The completion deadline is never cancelled by moving on, only closed when the case ends.
    const steps = walk(appointment, approved!.snapshot, toVote.slice(2));
    expect(steps.flatMap((step) => step.effects)).toEqual([]);
  });

  describe('acceptance: a 17-member standing committee, 15 present', () => {
    it('refuses 8 in favour as a majority (8·2 = 16 ≤ 17): the case is rejected', () => {
      const result = send(appointment, at(toVote), {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(17, 15, 8, 7),
      });
      expect(result.accepted && result.to).toBe('rejected');
      expect(result.accepted && result.evaluations?.['result']).toBe('FAILED');
    });
    it('passes 9 in favour (9·2 = 18 > 17)', () => {
      const result = send(appointment, at(toVote), {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(17, 15, 9, 6),
      });
      expect(result.accepted && result.to).toBe('decision');
    });
  });

  it('keeps the case in place and records the vote as not held when the quorum is missing', () => {
    const before = at(toVote);
    const result = send(appointment, before, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(30, 19, 19),
    });
    expect(result.accepted).toBe(true);
    if (!result.accepted) return;
    expect(result.from).toBe('vote.ballot');
    expect(result.to).toBe('vote.ballot');
    expect(result.evaluations?.['result']).toBe('QUORUM_NOT_MET');
  });

  it('goes to vote.tie at exactly half and lets only the head decide, with a justification', () => {
    const tie = send(appointment, at(toVote), {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(10, 10, 5, 5),
    });
    expect(tie.accepted && tie.to).toBe('vote.tie');
    if (!tie.accepted) return;
    const byClerk = send(appointment, tie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.clerk,
      payload: { outcome: 'approve', justification: 'x' },
    });
    expect(byClerk).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const noJustification = send(appointment, tie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.head,
      payload: { outcome: 'approve' },
    });
    expect(noJustification).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const decided = send(appointment, tie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.head,
      payload: {
        outcome: 'approve',
        justification: 'Ứng viên có kinh nghiệm',
        dissentingOpinions: ['Ý kiến khác'],
      },
    });
    expect(decided.accepted && decided.to).toBe('decision');
    expect(decided.accepted && decided.snapshot.context.facts['voteTieBreak']).toMatchObject({
      outcome: 'approve',
    });
  });

  it('refuses a tally with more present than summoned, and changes nothing', () => {
    const before = at(toVote);
    const copy = structuredClone(before);
    const result = send(appointment, before, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(10, 11, 6),
    });
    expect(result).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    expect(before).toEqual(copy);
  });

  it('refuses an ineligible candidate at step 1 with the rule and the reason', () => {
    const result = send(appointment, at(toEligibility), {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: ['c1', 'c3'] },
    });
    expect(result).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
    expect(!result.accepted && result.reason).toContain('c3');
  });

  it('accepts the same candidate with a recorded exception from the competent authority', () => {
    const result = send(appointment, at(toEligibility), {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: ['c1', 'c3'], exceptions: { c3: '45-CV/BTCTU' } },
    });
    expect(result.accepted && result.to).toBe('proposal.nomination');
    expect(result.accepted && JSON.stringify(result.evaluations)).toContain('45-CV/BTCTU');
  });

  it('lets only the authority approve the policy, and never the clerk who submitted it', () => {
    const submitted = at(toEligibility.slice(0, 1));
    expect(send(appointment, submitted, { type: 'APPROVE', actor: actors.clerk })).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
    const clerkAndAuthority = { id: 'clerk-1', roles: ['clerk', 'authority'] };
    expect(
      send(appointment, submitted, { type: 'APPROVE', actor: clerkAndAuthority }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
  });

  it('needs both vetting approvals, from two different principals', () => {
    const vetting = at(toVetting);
    expect(pendingApprovals(appointment, vetting).map((pending) => pending.role)).toEqual([
      'organization_board',
      'inspection_commission',
    ]);
    const first = send(appointment, vetting, { type: 'APPROVE', actor: actors.board });
    expect(first.accepted && first.to).toBe('vetting.review');
    if (!first.accepted) return;
    expect(pendingApprovals(appointment, first.snapshot).map((pending) => pending.role)).toEqual([
      'inspection_commission',
    ]);
    expect(
      send(appointment, first.snapshot, { type: 'APPROVE', actor: actors.board }),
    ).toMatchObject({ accepted: false });
    const both = { id: 'board-1', roles: ['organization_board', 'inspection_commission'] };
    expect(send(appointment, first.snapshot, { type: 'APPROVE', actor: both })).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
    expect(
      availableEvents(appointment, first.snapshot, both, '2026-03-02T03:00:00Z').map(
        (event) => event.type,
      ),
    ).not.toContain('APPROVE');
    const second = send(appointment, first.snapshot, { type: 'APPROVE', actor: actors.inspection });
    expect(second.accepted && second.to).toBe('vote.ballot');
  });

  it('returns the dossier for more information and asks for both approvals again', () => {
    const [approved, returned, resubmitted] = walk(appointment, at(toVetting), [
      { type: 'APPROVE', actor: actors.board },
      {
        type: 'RETURN',
        actor: actors.board,
        payload: { reason: 'Thiếu nhận xét chi bộ nơi cư trú' },
      },
      { type: 'SUBMIT', actor: actors.clerk, payload: { documents: ['nhan-xet-chi-bo.pdf'] } },
    ]);
    expect(approved?.to).toBe('vetting.review');
    expect(returned?.to).toBe('vetting.returned');
    expect(resubmitted?.to).toBe('vetting.review');
    expect(pendingApprovals(appointment, resubmitted!.snapshot)).toHaveLength(2);
  });

  it('refuses RETURN without a reason', () => {
    expect(
      send(appointment, at(toVetting), { type: 'RETURN', actor: actors.board, payload: {} }),
    ).toMatchObject({
      accepted: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('refuses an event the state does not know, listing the allowed ones', () => {
    const result = send(appointment, at([]), {
      type: 'ISSUE_DECISION',
      actor: actors.authority,
      payload: decision,
    });
    expect(result).toMatchObject({ accepted: false, code: 'EVENT_NOT_ALLOWED' });
    expect(!result.accepted && result.details['allowed']).toEqual(
      expect.arrayContaining(['SUBMIT', 'WITHDRAW']),
    );
  });

  it('sends the two highest to step 4 when nobody has more than half at step 3 (scenario 7)', () => {
    const steps = walk(appointment, at(toEligibility), [
      { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
      {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: candidatesTally(30, 25, { c1: 15, c2: 10 }),
      },
      {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: candidatesTally(9, 9, { c1: 4, c2: 3 }),
      },
    ]);
    expect(last(steps).to).toBe('proposal.keyOfficialsOpinion');
    expect(last(steps).snapshot.context.facts['nominees']).toEqual(['c1', 'c2']);
  });

  it('refuses a candidate at step 2 who is not on the eligible list', () => {
    const eligible = last(
      walk(appointment, at(toEligibility), [
        { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1'] } },
      ]),
    );
    const result = send(appointment, eligible.snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: candidatesTally(30, 25, { c1: 10, c2: 10 }),
    });
    expect(result).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('refuses the decision while the nominee is under inspection (scenario 14)', () => {
    const atDecision = last(
      walk(appointment, at(toVote), [
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(17, 15, 9, 6) },
        {
          type: 'RECORD_FREEZE',
          actor: actors.inspection,
          payload: { cadreId: 'c1', freeze: { kind: 'inspection', since: '2026-03-01' } },
        },
      ]),
    );
    expect(atDecision.to).toBe('decision');
    const result = send(appointment, atDecision.snapshot, {
      type: 'ISSUE_DECISION',
      actor: actors.authority,
      payload: decision,
    });
    expect(result).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('can be withdrawn by the clerk from any non-final state, and then accepts nothing', () => {
    const withdrawn = send(appointment, at(toVetting), {
      type: 'WITHDRAW',
      actor: actors.clerk,
      payload: { reason: 'Đơn vị rút đề nghị' },
    });
    expect(withdrawn.accepted && withdrawn.to).toBe('withdrawn');
    expect(withdrawn.accepted && withdrawn.status).toBe('completed');
    if (!withdrawn.accepted) return;
    expect(withdrawn.effects).toEqual([
      { type: 'cancelDeadline', name: 'completion', reason: 'caseEnded' },
    ]);
    expect(
      send(appointment, withdrawn.snapshot, {
        type: 'WITHDRAW',
        actor: actors.clerk,
        payload: { reason: 'again' },
      }),
    ).toMatchObject({
      accepted: false,
      code: 'EVENT_NOT_ALLOWED',
    });
  });

  it('is deterministic: the same snapshot and event give the same result', () => {
    const before = at(toVote);
    const event = { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(17, 15, 9, 6) };
    expect(send(appointment, before, event)).toEqual(send(appointment, before, event));
  });
});
