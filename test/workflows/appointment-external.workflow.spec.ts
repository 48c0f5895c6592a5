/** `appointment-external` — bổ nhiệm, nguồn nhân sự từ nơi khác (domain.md §3.2, §5.1–5.2). */
import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../src/engine/index.js';
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

const external = builtin('appointment-external');

const subject = (facts: JsonObject = {}) => ({
  position: { title: 'Giám đốc Sở', unit: 'Sở Nội vụ' },
  candidate: cadre({ id: 'x1', ...facts }),
  currentWorkplace: 'Ban Tổ chức Tỉnh ủy',
});
const proposal = {
  proposedBy: 'authority',
  duties: 'Phụ trách chung',
  dossierReceivedOn: '2026-02-27',
};
const opinion = (from: string, agrees: boolean, note?: string): Step => ({
  type: 'RECORD_OPINION',
  actor: actors.clerk,
  payload: { from, agrees, ...(note ? { note } : {}) },
});
const toVote: Step[] = [
  { type: 'SUBMIT', actor: actors.clerk, payload: proposal },
  { type: 'RECORD_OPINION', actor: actors.board, payload: { agrees: true } },
];
const decision = { decisionNumber: '77-QĐ/TU', signedOn: '2026-03-02', effectiveOn: '2026-03-02' };

const atVote = (facts: JsonObject = {}) =>
  last(walk(external, open(external, subject(facts)).snapshot, toVote));

describe('appointment-external workflow', () => {
  it('walks proposal → receiving leadership → current workplace vote → opinions → vetting → decision → appointed', () => {
    const opened = open(external, subject());
    expect(opened.to).toBe('proposal');
    const steps = walk(external, opened.snapshot, [
      ...toVote,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
      opinion('sendingUnit', true),
      {
        ...opinion('candidate', true),
        payload: { from: 'candidate', agrees: true, metOn: '2026-03-02' },
      },
      opinion('receivingUnit', true),
      { type: 'APPROVE', actor: actors.board, payload: { documentRef: '12-BC/BTCTU' } },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'receivingLeadership',
      'currentWorkplace.ballot',
      'consultation',
      'consultation',
      'consultation',
      'vetting.review',
      'decision',
      'appointed',
    ]);
    const facts = (last(steps).snapshot.context as { facts: JsonObject }).facts;
    // The term ends five years on (the candidate, born 1980, retires long after).
    expect(facts['termEndsOn']).toBe('2031-03-02');
  });

  it('scenario 17: the units and the candidate disagree though the standards are met → all opinions go to the authority, not rejected', () => {
    const steps = walk(external, atVote().snapshot, [
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
      opinion('sendingUnit', false, 'Đơn vị đang cần cán bộ'),
      opinion('receivingUnit', false, 'Đề nghị nhân sự tại chỗ'),
      opinion('candidate', false, 'Hoàn cảnh gia đình'),
    ]);
    expect(last(steps).to).toBe('vetting.review');
    const facts = (last(steps).snapshot.context as { facts: JsonObject }).facts;
    expect(facts['opinions']).toMatchObject({
      sendingUnit: { agrees: false, note: 'Đơn vị đang cần cán bộ' },
      receivingUnit: { agrees: false, note: 'Đề nghị nhân sự tại chỗ' },
      candidate: { agrees: false, note: 'Hoàn cảnh gia đình' },
    });
    // Each opinion is recorded once; the authority decides with all three on file.
    const atVetting = last(steps);
    const atDecision = send(external, atVetting.snapshot, { type: 'APPROVE', actor: actors.board });
    expect(atDecision).toMatchObject({ accepted: true, to: 'decision' });
  });

  it('refuses the same opinion twice', () => {
    const [, first] = walk(external, atVote().snapshot, [
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
      opinion('sendingUnit', true),
    ]);
    if (!first) throw new Error('no opinion');
    expect(send(external, first.snapshot, opinion('sendingUnit', false))).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
    });
  });

  describe("the current workplace's vote: more than half of those SUMMONED", () => {
    it('scenario 6: 40 summoned, 30 present, 20 for → exactly half → its head decides; 19 → rejected; 21 → passes', () => {
      const vote = (inFavour: number) =>
        send(external, atVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(40, 30, inFavour, 30 - inFavour),
        });
      expect(vote(20)).toMatchObject({ accepted: true, to: 'currentWorkplace.tie' });
      expect(vote(19)).toMatchObject({ accepted: true, to: 'rejected' });
      expect(vote(21)).toMatchObject({ accepted: true, to: 'consultation' });
    });

    it('the head breaks the tie, with the dissenting opinions recorded', () => {
      const tie = send(external, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(20, 16, 10, 6),
      });
      if (!tie.accepted) throw new Error('vote refused');
      expect(
        send(external, tie.snapshot, {
          type: 'HEAD_DECIDE',
          actor: actors.clerk,
          payload: { outcome: 'approve', justification: 'x' },
        }),
      ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
      const decided = send(external, tie.snapshot, {
        type: 'HEAD_DECIDE',
        actor: actors.head,
        payload: {
          outcome: 'approve',
          justification: 'Đáp ứng yêu cầu nhiệm vụ',
          dissentingOpinions: ['Đơn vị cần giữ cán bộ'],
        },
      });
      expect(decided).toMatchObject({ accepted: true, to: 'consultation' });
    });
  });

  it('scenario 10 (external): a candidate not in planning is refused unless the authority makes an exception', () => {
    const opened = open(external, subject({ inPlanning: false }));
    expect(
      send(external, opened.snapshot, { type: 'SUBMIT', actor: actors.clerk, payload: proposal }),
    ).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
    expect(
      send(external, opened.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { ...proposal, exceptionRef: '15-QĐ/TU' },
      }),
    ).toMatchObject({ accepted: true, to: 'receivingLeadership' });
    // The exception is kept: vetting and the decision check the candidate again under it.
    const ended = last(
      walk(external, opened.snapshot, [
        { type: 'SUBMIT', actor: actors.clerk, payload: { ...proposal, exceptionRef: '15-QĐ/TU' } },
        { type: 'RECORD_OPINION', actor: actors.board, payload: { agrees: true } },
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
        opinion('sendingUnit', true),
        opinion('receivingUnit', true),
        opinion('candidate', true),
        { type: 'APPROVE', actor: actors.board },
        { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
      ]),
    );
    expect(ended.to).toBe('appointed');
  });

  it('scenario 13 (QĐ 377): reprimanded 2025-01-10 → no higher post before 2027-01-10', () => {
    const opened = open(
      external,
      subject({ disciplines: [{ level: 'reprimand', effectiveOn: '2025-01-10' }] }),
    );
    expect(
      send(external, opened.snapshot, { type: 'SUBMIT', actor: actors.clerk, payload: proposal }),
    ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('HD 02-HD/TW: a freeze arising during the case suspends it until lifted; no decision meanwhile (scenario 14)', () => {
    const suspended = send(external, atVote().snapshot, {
      type: 'RECORD_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'x1', freeze: { kind: 'inspection', since: '2026-03-01' } },
    });
    expect(suspended).toMatchObject({ accepted: true, to: 'suspended' });
    if (!suspended.accepted) return;
    expect(
      send(external, suspended.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.authority,
        payload: decision,
      }),
    ).toMatchObject({ accepted: false, code: 'EVENT_NOT_ALLOWED' });
    expect(
      send(external, suspended.snapshot, {
        type: 'LIFT_FREEZE',
        actor: actors.board,
        payload: { cadreId: 'x1' },
      }),
    ).toMatchObject({ accepted: true, to: 'currentWorkplace.ballot' });
  });

  it('the candidate declines: the clerk withdraws the case', () => {
    expect(
      send(external, atVote().snapshot, {
        type: 'WITHDRAW',
        actor: actors.clerk,
        payload: { reason: 'Cán bộ không nhận nhiệm vụ' },
      }),
    ).toMatchObject({ accepted: true, to: 'withdrawn' });
  });

  it('separation of duties: the board member who records the last opinion does not approve the vetting it opens', () => {
    const atVetting = last(
      walk(external, atVote().snapshot, [
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
        opinion('sendingUnit', true),
        opinion('receivingUnit', true),
        { ...opinion('candidate', true), actor: actors.board },
      ]),
    );
    expect(
      send(external, atVetting.snapshot, { type: 'APPROVE', actor: actors.board }),
    ).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
    const other = { id: 'board-2', roles: ['organization_board'] };
    expect(send(external, atVetting.snapshot, { type: 'APPROVE', actor: other })).toMatchObject({
      accepted: true,
      to: 'decision',
    });
  });

  it('separation of roles: the clerk does not record the policy opinion nor vet, the board does not decide', () => {
    const opened = open(external, subject());
    const [submitted] = walk(external, opened.snapshot, [toVote[0] as Step]);
    if (!submitted) throw new Error('refused');
    expect(
      send(external, submitted.snapshot, {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: { agrees: true },
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const atVetting = last(
      walk(external, atVote().snapshot, [
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(25, 22, 18, 4) },
        opinion('sendingUnit', true),
        opinion('receivingUnit', true),
        opinion('candidate', true),
      ]),
    );
    expect(
      send(external, atVetting.snapshot, { type: 'APPROVE', actor: actors.clerk }),
    ).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
    const atDecision = send(external, atVetting.snapshot, { type: 'APPROVE', actor: actors.board });
    if (!atDecision.accepted) throw new Error('vetting refused');
    expect(
      send(external, atDecision.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.board,
        payload: decision,
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
  });

  describe('case B: the unit proposes someone from outside (NĐ 138 Art. 46(3))', () => {
    const unitProposal: Step = {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { ...proposal, proposedBy: 'unit' },
    };
    const toUnitVote = () =>
      last(
        walk(external, open(external, subject()).snapshot, [
          unitProposal,
          {
            ...opinion('candidate', true),
            payload: { from: 'candidate', agrees: true, metOn: '2026-02-27' },
          },
          opinion('currentLeadership', true),
          opinion('currentPartyCommittee', true),
          { type: 'APPROVE', actor: actors.board },
        ]),
      );

    it('meets the candidate, consults the current workplace, reviews, and the leadership votes on ALL its members', () => {
      const atVote = toUnitVote();
      expect(atVote.to).toBe('unitProposal.vote.ballot');
      const steps = walk(external, atVote.snapshot, [
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(17, 12, 9, 3) },
        { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
      ]);
      expect(steps.map((step) => step.to)).toEqual(['decision', 'appointed']);
    });

    it('the base trap: 8 of 17 members for (2/3 of the 12 present) is not a majority → rejected; half → the head decides', () => {
      expect(
        send(external, toUnitVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(17, 12, 8, 4),
        }),
      ).toMatchObject({ accepted: true, to: 'rejected' });
      expect(
        send(external, toUnitVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(10, 9, 5, 4),
        }),
      ).toMatchObject({ accepted: true, to: 'unitProposal.vote.tie' });
    });

    it('a disagreement of the current workplace does not block: it goes with the case', () => {
      const steps = walk(external, open(external, subject()).snapshot, [
        unitProposal,
        opinion('candidate', true),
        opinion('currentLeadership', false, 'Đơn vị cần giữ cán bộ'),
        opinion('currentPartyCommittee', false),
      ]);
      expect(last(steps).to).toBe('unitProposal.review');
    });

    it('refuses a proposal naming no proposer', () => {
      const { proposedBy: _ignored, ...without } = proposal;
      expect(
        send(external, open(external, subject()).snapshot, {
          type: 'SUBMIT',
          actor: actors.clerk,
          payload: without,
        }),
      ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    });
  });
});
