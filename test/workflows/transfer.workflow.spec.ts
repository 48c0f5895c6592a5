/** `transfer` — điều động, biệt phái (QĐ 80's three steps kept by QĐ 377; domain.md §3.5, §5.1). */
import { describe, expect, it } from '@jest/globals';
import { startWorkflow, type JsonObject } from '../../src/engine/index.js';
import {
  actors,
  builtin,
  cadre,
  last,
  open,
  send,
  walk,
  yesNo,
  type Step,
} from '../support/engine-fixtures.js';

const transfer = builtin('transfer');

const base = {
  fromUnit: 'Sở Tài chính',
  toUnit: 'Sở Kế hoạch và Đầu tư',
  toPosition: 'Phó Giám đốc Sở',
};
const subject = (overrides: JsonObject = {}, facts: JsonObject = {}) => ({
  cadre: cadre(facts),
  kind: 'transfer',
  ...base,
  ...overrides,
});
const secondment = (endsOn = '2028-03-31') => subject({ kind: 'secondment', endsOn });

const toVote: Step[] = [
  { type: 'SUBMIT', actor: actors.clerk, payload: { reason: 'Yêu cầu nhiệm vụ' } },
  {
    type: 'RECORD_OPINION',
    actor: actors.board,
    payload: { agrees: true, documentRef: '1-CV/SKHĐT' },
  },
];
const decision = { decisionNumber: '30-QĐ/TU', signedOn: '2026-03-02', effectiveOn: '2026-04-01' };

const atVote = (s: JsonObject = subject()) =>
  last(walk(transfer, open(transfer, s).snapshot, toVote));

describe('transfer workflow', () => {
  it('walks proposal → receiving unit → current workplace vote → vetting → decision → transferred', () => {
    const opened = open(transfer, subject());
    expect(opened.to).toBe('proposal');
    const steps = walk(transfer, opened.snapshot, [
      ...toVote,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(20, 18, 15, 3) },
      { type: 'APPROVE', actor: actors.board, payload: { documentRef: '5-BC/BTCTU' } },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'receivingUnit',
      'currentWorkplace.ballot',
      'vetting.review',
      'decision',
      'transferred',
    ]);
    const facts = (last(steps).snapshot.context as { facts: JsonObject }).facts;
    expect(facts['decision']).toEqual(decision);
    // A transfer has no end date.
    expect(facts['secondmentEndsOn']).toBeUndefined();
  });

  it('records the end of a secondment for the reminders, and refuses a secondment without one', () => {
    const steps = walk(transfer, open(transfer, secondment()).snapshot, [
      ...toVote,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(20, 18, 15, 3) },
      { type: 'APPROVE', actor: actors.board },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(last(steps).to).toBe('transferred');
    expect((last(steps).snapshot.context as { facts: JsonObject }).facts['secondmentEndsOn']).toBe(
      '2028-03-31',
    );
    const noEnd = startWorkflow(transfer, {
      subject: subject({ kind: 'secondment' }),
      actor: actors.clerk,
      now: '2026-03-02T03:00:00Z',
    });
    expect(noEnd).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const transferWithEnd = startWorkflow(transfer, {
      subject: subject({ endsOn: '2028-03-31' }),
      actor: actors.clerk,
      now: '2026-03-02T03:00:00Z',
    });
    expect(transferWithEnd).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('refuses a secondment decision taking effect after the secondment ends', () => {
    const atDecision = last(
      walk(transfer, open(transfer, secondment('2026-03-31')).snapshot, [
        ...toVote,
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(20, 18, 15, 3) },
        { type: 'APPROVE', actor: actors.board },
      ]),
    );
    expect(
      send(transfer, atDecision.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.authority,
        payload: decision,
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED', details: { rule: 'dateOrder' } });
  });

  describe('step 2 at the current workplace: more than half of those SUMMONED', () => {
    it('scenario 9: 20 summoned, 10 for → exactly half → the head of that unit decides; 11 → passes', () => {
      const tie = send(transfer, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(20, 16, 10, 6),
      });
      expect(tie).toMatchObject({ accepted: true, to: 'currentWorkplace.tie' });
      if (!tie.accepted) return;
      const decided = send(transfer, tie.snapshot, {
        type: 'HEAD_DECIDE',
        actor: actors.head,
        payload: { outcome: 'reject', justification: 'Đơn vị đang thiếu người' },
      });
      expect(decided).toMatchObject({ accepted: true, to: 'rejected' });
      expect(
        send(transfer, atVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(20, 16, 11, 5),
        }),
      ).toMatchObject({ accepted: true, to: 'vetting.review' });
    });

    it('scenario 6 (the base trap): 40 summoned, 30 present, 20 for is 2/3 of those present but half of those summoned → the head decides; 19 → fails; 21 → passes', () => {
      const vote = (inFavour: number) =>
        send(transfer, atVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(40, 30, inFavour, 30 - inFavour),
        });
      expect(vote(20)).toMatchObject({ accepted: true, to: 'currentWorkplace.tie' });
      expect(vote(19)).toMatchObject({ accepted: true, to: 'rejected' });
      expect(vote(21)).toMatchObject({ accepted: true, to: 'vetting.review' });
    });

    it('scenario 5: 30 summoned, 19 present → no vote held; 20 present → held', () => {
      expect(
        send(transfer, atVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(30, 19, 19),
        }),
      ).toMatchObject({
        accepted: true,
        to: 'currentWorkplace.ballot',
        evaluations: { result: 'QUORUM_NOT_MET' },
      });
      expect(
        send(transfer, atVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(30, 20, 16),
        }),
      ).toMatchObject({ accepted: true, to: 'vetting.review' });
    });
  });

  it("the receiving leadership's disagreement does not stop the case: it goes to the authority with it", () => {
    const steps = walk(transfer, open(transfer, subject()).snapshot, [
      toVote[0] as Step,
      {
        type: 'RECORD_OPINION',
        actor: actors.board,
        payload: { agrees: false, note: 'Chưa có nhu cầu' },
      },
    ]);
    expect(last(steps).to).toBe('currentWorkplace.ballot');
    expect(
      (last(steps).snapshot.context as { facts: JsonObject }).facts['receivingOpinion'],
    ).toEqual({
      agrees: false,
      note: 'Chưa có nhu cầu',
    });
  });

  it('HD 02-HD/TW: a frozen cadre is not transferred; a freeze arising later suspends the case until lifted', () => {
    const frozen = open(
      transfer,
      subject({}, { freezes: [{ kind: 'inspection', since: '2026-01-15' }] }),
    );
    expect(
      send(transfer, frozen.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { reason: 'x' },
      }),
    ).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
    const vote = atVote();
    const suspended = send(transfer, vote.snapshot, {
      type: 'RECORD_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'c1', freeze: { kind: 'investigation', since: '2026-03-01' } },
    });
    expect(suspended).toMatchObject({ accepted: true, to: 'suspended' });
    if (!suspended.accepted) return;
    const resumed = send(transfer, suspended.snapshot, {
      type: 'LIFT_FREEZE',
      actor: actors.board,
      payload: { cadreId: 'c1', documentRef: '9-KL/UBKT' },
    });
    expect(resumed).toMatchObject({ accepted: true, to: 'currentWorkplace.ballot' });
  });

  it('separation of roles: the clerk does not vet, the board does not decide, only the head breaks a tie', () => {
    const atVetting = send(transfer, atVote().snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(20, 18, 15, 3),
    });
    if (!atVetting.accepted) throw new Error('vote refused');
    expect(
      send(transfer, atVetting.snapshot, { type: 'APPROVE', actor: actors.clerk }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const atDecision = send(transfer, atVetting.snapshot, { type: 'APPROVE', actor: actors.board });
    if (!atDecision.accepted) throw new Error('vetting refused');
    expect(
      send(transfer, atDecision.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.board,
        payload: decision,
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const tie = send(transfer, atVote().snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(20, 16, 10, 6),
    });
    if (!tie.accepted) throw new Error('vote refused');
    expect(
      send(transfer, tie.snapshot, {
        type: 'HEAD_DECIDE',
        actor: actors.authority,
        payload: { outcome: 'approve', justification: 'x' },
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
  });

  it('vetting may return the dossier and the authority may refuse', () => {
    const atVetting = send(transfer, atVote().snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(20, 18, 15, 3),
    });
    if (!atVetting.accepted) throw new Error('vote refused');
    const steps = walk(transfer, atVetting.snapshot, [
      { type: 'RETURN', actor: actors.board, payload: { reason: 'Thiếu bản nhận xét' } },
      { type: 'SUBMIT', actor: actors.clerk, payload: { documents: ['Bản nhận xét'] } },
      { type: 'APPROVE', actor: actors.board },
      { type: 'REJECT', actor: actors.authority, payload: { reason: 'Chưa phù hợp' } },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'vetting.returned',
      'vetting.review',
      'decision',
      'rejected',
    ]);
  });
});
