/** `reappointment` — bổ nhiệm lại, kéo dài (QĐ 377 Art. 40; NĐ 170 Art. 39–40; domain.md §3.3, §5.3). */
import { describe, expect, it } from '@jest/globals';
import { computeDeadlineBefore } from '../../src/engine/calendar/compute-deadline.js';
import { VIETNAM_CALENDAR } from '../../src/engine/calendar/vietnam-calendar.js';
import type { ActiveDeadline } from '../../src/engine/compiler/case-context.js';
import type { JsonObject, StoredSnapshot } from '../../src/engine/index.js';
import { deadlineDueOn } from '../../src/engine/runtime/deadline-due.js';
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

const reappointment = builtin('reappointment');

const position = { title: 'Giám đốc Sở', unit: 'Sở Y tế' };
const subject = (facts: JsonObject = {}, termEndsOn = '2026-06-30') => ({
  cadre: cadre(facts),
  position,
  termEndsOn,
});
const notice: Step = {
  type: 'ISSUE_NOTICE',
  actor: actors.authority,
  payload: { noticeRef: '5-TB/TU', issuedOn: '2026-02-20' },
};
const selfAssessment: Step = {
  type: 'SUBMIT',
  actor: actors.clerk,
  payload: { submittedOn: '2026-02-27', documentRef: 'Bản tự đánh giá', selfRating: 'good' },
};
const keyOfficials: Step = {
  type: 'RECORD_VOTE',
  actor: actors.clerk,
  payload: yesNo(40, 35, 30, 5),
};
const headProposal: Step = {
  type: 'SUBMIT',
  actor: actors.head,
  payload: { proposes: 'reappoint', documentRef: '12-TTr/SYT' },
};
const decision = { decisionNumber: '88-QĐ/TU', signedOn: '2026-03-02', effectiveOn: '2026-07-01' };

const factsOf = (snapshot: StoredSnapshot) => (snapshot.context as { facts: JsonObject }).facts;
function deadline(snapshot: StoredSnapshot, name: string): ActiveDeadline {
  const found = (snapshot.context as { deadlines: Record<string, ActiveDeadline> }).deadlines[name];
  if (!found) throw new Error(`no deadline ${name}`);
  return found;
}

const toVote = (s: JsonObject = subject()) =>
  last(
    walk(reappointment, open(reappointment, s).snapshot, [
      notice,
      selfAssessment,
      keyOfficials,
      headProposal,
    ]),
  );

describe('reappointment workflow (QĐ 377)', () => {
  it('walks notice → self-assessment → key officials → head → leadership vote → decision → reappointed, a full new term', () => {
    const opened = open(reappointment, subject());
    expect(opened.to).toBe('notice');
    const steps = walk(reappointment, opened.snapshot, [
      notice,
      selfAssessment,
      keyOfficials,
      headProposal,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 8, 6, 2) },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'reappointment.selfAssessment',
      'reappointment.keyOfficials',
      'reappointment.headProposal',
      'leadershipVote.ballot',
      'decision',
      'reappointed',
    ]);
    const facts = factsOf(last(steps).snapshot);
    expect(facts['retirementHorizon']).toMatchObject({ route: 'FULL_TERM' });
    expect(facts['termEndsOn']).toBe('2031-07-01');
  });

  it('scenario 19: the notice is due 90 WORKING days before the term ends (earlier than NĐ 170’s 90 days)', () => {
    const opened = open(reappointment, subject());
    const due = deadlineDueOn(deadline(opened.snapshot, 'notice'), VIETNAM_CALENDAR).dueOn;
    expect(due).toBe(
      computeDeadlineBefore('2026-06-30', 90, 'WORKING_DAY', VIETNAM_CALENDAR).dueOn,
    );
    const ninetyDays = computeDeadlineBefore('2026-06-30', 90, 'DAY', VIETNAM_CALENDAR).dueOn;
    expect(due < ninetyDays).toBe(true);
    expect(opened.effects).toContainEqual(
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'notice',
        direction: 'before',
        countedFrom: '2026-06-30',
      }),
    );
  });

  it('scenario 20: the decision is due one working day before the term expires; one signed after it ends is refused', () => {
    const vote = last(
      walk(reappointment, toVote().snapshot, [
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 8, 6, 2) },
      ]),
    );
    const due = deadlineDueOn(deadline(vote.snapshot, 'decision'), VIETNAM_CALENDAR).dueOn;
    // 30/06/2026 is a Tuesday: the last day is Monday 29/06.
    expect(due).toBe('2026-06-29');
    expect(
      send(reappointment, vote.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.authority,
        payload: { ...decision, signedOn: '2026-07-01' },
        now: '2026-07-01T03:00:00Z',
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED', details: { rule: 'dateOrder' } });
  });

  it('scenario 21: 1 year 8 months to retirement at the term end → extension (no key-officials ballot), to retirement', () => {
    const steps = walk(
      reappointment,
      open(reappointment, subject({ dateOfBirth: '1966-06-15' }, '2026-10-31')).snapshot,
      [
        notice,
        selfAssessment,
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 9, 7, 2) },
        {
          type: 'ISSUE_DECISION',
          actor: actors.authority,
          payload: { ...decision, effectiveOn: '2026-11-01' },
        },
      ],
    );
    expect(steps.map((step) => step.to)).toEqual([
      'extension.selfAssessment',
      'leadershipVote.ballot',
      'decision',
      'reappointed',
    ]);
    const facts = factsOf(last(steps).snapshot);
    expect(facts['retirementHorizon']).toMatchObject({ route: 'EXTENSION', yearsLeft: 1 });
    expect(facts['termEndsOn']).toBe('2028-06-30');
  });

  it('scenario 21: 4 years left → reappointment whose term ends at retirement', () => {
    const steps = walk(
      reappointment,
      open(reappointment, subject({ dateOfBirth: '1968-10-15' }, '2026-10-31')).snapshot,
      [
        notice,
        selfAssessment,
        keyOfficials,
        headProposal,
        { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 9, 7, 2) },
        {
          type: 'ISSUE_DECISION',
          actor: actors.authority,
          payload: { ...decision, effectiveOn: '2026-11-01' },
        },
      ],
    );
    expect(steps[0]?.to).toBe('reappointment.selfAssessment');
    const facts = factsOf(last(steps).snapshot);
    expect(facts['retirementHorizon']).toMatchObject({ route: 'TO_RETIREMENT', yearsLeft: 4 });
    expect(facts['termEndsOn']).toBe('2030-10-31');
  });

  it('scenario 22: the key-officials confidence result is recorded, not announced', () => {
    const vote = toVote();
    const votes = factsOf(vote.snapshot)['votes'] as JsonObject;
    expect(votes['reappointment.keyOfficials']).toMatchObject({
      result: 'HELD',
      details: { announced: false },
    });
  });

  describe('the leadership vote: more than half of ALL members', () => {
    it('the base trap: 9 of 17 members for is a pass; 8 of 17 (2/3 of the 12 present) goes to reassignment', () => {
      expect(
        send(reappointment, toVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(17, 12, 9, 3),
        }),
      ).toMatchObject({ accepted: true, to: 'decision' });
      expect(
        send(reappointment, toVote().snapshot, {
          type: 'RECORD_VOTE',
          actor: actors.clerk,
          payload: yesNo(17, 12, 8, 4),
        }),
      ).toMatchObject({ accepted: true, to: 'reassignment' });
    });

    it('scenario 3: 5 of 10 → the head decides', () => {
      const tie = send(reappointment, toVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(10, 10, 5, 5),
      });
      expect(tie).toMatchObject({ accepted: true, to: 'leadershipVote.tie' });
      if (!tie.accepted) return;
      expect(
        send(reappointment, tie.snapshot, {
          type: 'HEAD_DECIDE',
          actor: actors.head,
          payload: { outcome: 'reject', justification: 'Chưa đáp ứng yêu cầu' },
        }),
      ).toMatchObject({ accepted: true, to: 'reassignment' });
    });
  });

  it('not reappointed → reassignment, recorded by the authority', () => {
    const failed = send(reappointment, toVote().snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(9, 9, 3, 6),
    });
    if (!failed.accepted) throw new Error('vote refused');
    expect(
      send(reappointment, failed.snapshot, {
        type: 'RECORD_PLACEMENT',
        actor: actors.clerk,
        payload: { placement: 'lowerPost' },
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const placed = send(reappointment, failed.snapshot, {
      type: 'RECORD_PLACEMENT',
      actor: actors.authority,
      payload: { placement: 'lowerPost', documentRef: '90-QĐ/TU' },
    });
    expect(placed).toMatchObject({ accepted: true, to: 'notReappointed' });
  });

  it('HD 02-HD/TW: a frozen cadre is postponed even when the term is due; the decision waits for the lift', () => {
    const suspended = send(reappointment, toVote().snapshot, {
      type: 'RECORD_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'c1', freeze: { kind: 'disciplinaryReview', since: '2026-03-01' } },
    });
    expect(suspended).toMatchObject({ accepted: true, to: 'suspended' });
    if (!suspended.accepted) return;
    expect(
      send(reappointment, suspended.snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(9, 9, 9),
      }),
    ).toMatchObject({ accepted: false, code: 'EVENT_NOT_ALLOWED' });
    expect(
      send(reappointment, suspended.snapshot, {
        type: 'LIFT_FREEZE',
        actor: actors.board,
        payload: { cadreId: 'c1' },
      }),
    ).toMatchObject({ accepted: true, to: 'leadershipVote.ballot' });
  });

  it('refuses a cadre who retires by the end of the term, and a notice issued after the term ends', () => {
    const retiring = open(reappointment, subject({ dateOfBirth: '1964-01-10' }));
    expect(send(reappointment, retiring.snapshot, notice)).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'retirementHorizon' },
    });
    const late = open(reappointment, subject({}, '2026-02-10'));
    expect(send(reappointment, late.snapshot, notice)).toMatchObject({
      accepted: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it('separation of roles: only the head proposes, only the authority gives notice and decides', () => {
    const opened = open(reappointment, subject());
    expect(send(reappointment, opened.snapshot, { ...notice, actor: actors.clerk })).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
    const atProposal = last(
      walk(reappointment, opened.snapshot, [notice, selfAssessment, keyOfficials]),
    );
    expect(
      send(reappointment, atProposal.snapshot, { ...headProposal, actor: actors.clerk }),
    ).toMatchObject({
      accepted: false,
      code: 'FORBIDDEN',
    });
  });
});

describe('reappointment-state workflow (NĐ 170 Art. 39–40)', () => {
  const state = builtin('reappointment-state');

  it('scenario 19: under NĐ 170 the notice is due 90 calendar days before the term ends, later than QĐ 377’s 90 working days', () => {
    const stateDue = deadlineDueOn(
      deadline(open(state, subject()).snapshot, 'notice'),
      VIETNAM_CALENDAR,
    ).dueOn;
    const partyDue = deadlineDueOn(
      deadline(open(reappointment, subject()).snapshot, 'notice'),
      VIETNAM_CALENDAR,
    ).dueOn;
    expect(stateDue).toBe(computeDeadlineBefore('2026-06-30', 90, 'DAY', VIETNAM_CALENDAR).dueOn);
    expect(partyDue < stateDue).toBe(true);
  });

  it('walks the same steps to reappointed', () => {
    const steps = walk(state, open(state, subject()).snapshot, [
      notice,
      selfAssessment,
      keyOfficials,
      headProposal,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 8, 6, 2) },
      { type: 'ISSUE_DECISION', actor: actors.authority, payload: decision },
    ]);
    expect(last(steps).to).toBe('reappointed');
    expect(factsOf(last(steps).snapshot)['termEndsOn']).toBe('2031-07-01');
  });
});
