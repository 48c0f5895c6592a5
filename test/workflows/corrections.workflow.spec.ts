/**
 * Issue 13's corrections to the built-in procedures (SPEC §5.2 "Corrections", §5.4), each walked
 * on the profile in force today (the latest built-in version) with the regulation it follows.
 * Every scenario here failed on the engine and definitions before the corrections.
 */
import { describe, expect, it } from '@jest/globals';
import {
  availableEvents,
  pendingApprovals,
  type JsonObject,
  type StepAccepted,
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

const appointment = builtin('appointment');
const appointmentV1 = builtin('appointment', 1);
const appointmentState = builtin('appointment-state');
const resignation = builtin('resignation');

const party = { id: 'party-1', roles: ['party_committee'] };

const subject = {
  position: { title: 'Phó Giám đốc Sở Nội vụ', unit: 'Sở Nội vụ tỉnh X' },
  candidates: [
    cadre({ id: 'c1', fullName: 'Nguyễn Văn A' }),
    cadre({ id: 'c2', fullName: 'Trần Thị B', gender: 'female', dateOfBirth: '1982-02-01' }),
    cadre({ id: 'c3', fullName: 'Lê Văn C', inPlanning: false }),
    cadre({ id: 'c4', fullName: 'Phạm Văn D', dateOfBirth: '1978-03-03' }),
  ],
};

function policy(headcount: number): Step[] {
  return [
    {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { headcount, source: 'internal', duties: 'Phụ trách công tác tổ chức' },
    },
    { type: 'APPROVE', actor: actors.authority },
  ];
}

const vote = (payload: JsonObject): Step => ({ type: 'RECORD_VOTE', actor: actors.clerk, payload });

function reach(
  compiled = appointment,
  steps: Step[],
  caseSubject: JsonObject = subject,
): StepAccepted {
  const opened = open(compiled, caseSubject);
  return last(walk(compiled, opened.snapshot, steps));
}

/** Policy, step 1 with c1 and c2, step 2 (c1 leads), step 3 (nobody above half: top two). */
const toStep4: Step[] = [
  ...policy(1),
  { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
  vote(candidatesTally(30, 25, { c1: 15, c2: 10 })),
  vote(candidatesTally(9, 9, { c1: 4, c2: 3 })),
];
const toStep5: Step[] = [...toStep4, vote(candidatesTally(30, 25, { c1: 20, c2: 18 }))];

describe('correction 1 — a tie between candidates is broken by the head naming one (SPEC §4.2)', () => {
  const tie = () =>
    reach(appointment, [...toStep5, vote(candidatesTally(10, 10, { c1: 5, c2: 5 }))]);

  it('reaches the tie at step 5 and refuses HEAD_DECIDE approve without `chosen`', () => {
    const atTie = tie();
    expect(atTie.to).toBe('proposal.leadershipVote.tie');
    const refused = send(appointment, atTie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.head,
      payload: { outcome: 'approve', justification: 'Cả hai đều đạt' },
    });
    expect(refused).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const outsider = send(appointment, atTie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.head,
      payload: { outcome: 'approve', chosen: 'c3', justification: 'x' },
    });
    expect(outsider).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('carries exactly the one appointee the head chose, to the decision (QĐ 377, one post)', () => {
    const chosen = last(
      walk(appointment, tie().snapshot, [
        {
          type: 'HEAD_DECIDE',
          actor: actors.head,
          payload: { outcome: 'approve', chosen: 'c2', justification: 'Kinh nghiệm quản lý' },
        },
      ]),
    );
    expect(chosen.to).toBe('vetting.review');
    expect(chosen.snapshot.context.facts['nominees']).toEqual(['c2']);
    const appointed = last(
      walk(appointment, chosen.snapshot, [
        { type: 'APPROVE', actor: actors.board },
        { type: 'APPROVE', actor: actors.inspection },
        vote(yesNo(17, 15, 9, 6)),
        {
          type: 'ISSUE_DECISION',
          actor: actors.authority,
          payload: {
            decisionNumber: '12-QĐ/TU',
            signedOn: '2026-03-02',
            effectiveOn: '2026-03-02',
          },
        },
      ]),
    );
    expect(appointed.to).toBe('appointed');
    expect(appointed.snapshot.context.facts['nominees']).toEqual(['c2']);
  });

  it('engine fix for every version: a lone candidate at exactly half goes on alone (QĐ 80 v1)', () => {
    const atTie = reach(appointmentV1, [
      ...toStep5,
      vote(candidatesTally(10, 10, { c1: 5, c2: 4 })),
    ]);
    expect(atTie.to).toBe('proposal.leadershipVote.tie');
    const decided = send(appointmentV1, atTie.snapshot, {
      type: 'HEAD_DECIDE',
      actor: actors.head,
      payload: { outcome: 'approve', justification: 'Đạt một nửa' },
    });
    expect(decided.accepted && decided.snapshot.context.facts['nominees']).toEqual(['c1']);
  });
});

describe('correction 2 — several posts of one title (SPEC §5.2, QĐ 80/377 step 3: one choice per post)', () => {
  const toStep3 = (headcount: number): Step[] => [
    ...policy(headcount),
    { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2', 'c4'] } },
    // Step 2: one name per post on each of the 25 ballots.
    vote(
      candidatesTally(
        30,
        25,
        headcount === 1 ? { c1: 12, c2: 8, c4: 5 } : { c1: 20, c2: 15, c4: 10 },
      ),
    ),
  ];

  it.each([
    ['the QĐ 377 profile', appointment],
    ['the QĐ 80 profile (an engine fix applies to every version)', appointmentV1],
  ])(
    'refuses 9 members casting 6+6+6 votes for one post, as VALIDATION_FAILED, on %s',
    (_n, compiled) => {
      const result = send(
        compiled,
        reach(compiled, toStep3(1)).snapshot,
        vote(candidatesTally(9, 9, { c1: 6, c2: 6, c4: 6 })),
      );
      expect(result).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    },
  );

  it('refuses more votes than ballots returned × headcount for two posts (7 + 7 + 5 of 9 × 2)', () => {
    const result = send(
      appointment,
      reach(appointment, toStep3(2)).snapshot,
      vote(candidatesTally(9, 9, { c1: 7, c2: 7, c4: 5 })),
    );
    expect(result).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('keeps the two highest with more than half for two posts', () => {
    const result = send(
      appointment,
      reach(appointment, toStep3(2)).snapshot,
      vote(candidatesTally(9, 9, { c1: 7, c2: 6, c4: 5 })),
    );
    expect(result.accepted && result.to).toBe('proposal.keyOfficialsOpinion');
    expect(result.accepted && result.snapshot.context.facts['nominees']).toEqual(['c1', 'c2']);
  });

  it('sends the top two for the unfilled post on, beside the one already above half', () => {
    const result = send(
      appointment,
      reach(appointment, toStep3(2)).snapshot,
      vote(candidatesTally(9, 9, { c1: 6, c2: 4, c4: 3 })),
    );
    expect(result.accepted && result.evaluations?.['result']).toBe('TOP_TWO');
    expect(result.accepted && result.snapshot.context.facts['nominees']).toEqual([
      'c1',
      'c2',
      'c4',
    ]);
  });
});

describe('correction 3 — when eligibility is measured (HD 06-HD/BTCTW) and re-checked; freezes (HD 02-HD/TW)', () => {
  const recent = {
    position: subject.position,
    candidates: [cadre({ id: 'c1', currentPositionSince: '2024-02-20' }), cadre({ id: 'c2' })],
  };

  it('measures time in post on the day the organization board received the dossier', () => {
    const atStep1 = reach(appointment, policy(1), recent);
    const refused = send(appointment, atStep1.snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: ['c1'], dossierReceivedOn: '2026-02-10' },
    });
    expect(refused).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
    expect(!refused.accepted && refused.reason).toContain('23 months');
  });

  it('records the submit date as the measuring date when none is given', () => {
    const atStep1 = reach(appointment, policy(1), recent);
    const accepted = send(appointment, atStep1.snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: ['c1'] },
    });
    expect(accepted.accepted && accepted.snapshot.context.facts['dossierReceivedOn']).toBe(
      '2026-03-02',
    );
  });

  const toVetting: Step[] = [...toStep5, vote(candidatesTally(10, 10, { c1: 6, c2: 4 }))];
  const discipline: Step = {
    type: 'RECORD_DISCIPLINE',
    actor: actors.inspection,
    payload: { cadreId: 'c1', discipline: { level: 'reprimand', effectiveOn: '2026-03-01' } },
  };

  it('re-checks eligibility at vetting: a discipline imposed after step 1 stops the approval', () => {
    const atVetting = reach(appointment, [...toVetting, discipline]);
    expect(atVetting.to).toBe('vetting.review');
    const refused = send(appointment, atVetting.snapshot, { type: 'APPROVE', actor: actors.board });
    expect(refused).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
  });

  it('re-checks eligibility at the decision, not only freezes', () => {
    const atDecision = reach(appointment, [
      ...toVetting,
      { type: 'APPROVE', actor: actors.board },
      { type: 'APPROVE', actor: actors.inspection },
      vote(yesNo(17, 15, 9, 6)),
      discipline,
    ]);
    expect(atDecision.to).toBe('decision');
    const refused = send(appointment, atDecision.snapshot, {
      type: 'ISSUE_DECISION',
      actor: actors.authority,
      payload: { decisionNumber: '1-QĐ/TU', signedOn: '2026-03-02', effectiveOn: '2026-03-02' },
    });
    expect(refused).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'eligibility' },
    });
  });

  it('suspends the whole process on a freeze of a candidate in contention, and resumes where it was', () => {
    const atStep4 = reach(appointment, toStep4);
    const suspended = send(appointment, atStep4.snapshot, {
      type: 'RECORD_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'c1', freeze: { kind: 'inspection', since: '2026-03-01' } },
    });
    expect(suspended.accepted && suspended.to).toBe('suspended');
    if (!suspended.accepted) return;
    expect(
      send(appointment, suspended.snapshot, vote(candidatesTally(30, 25, { c1: 20, c2: 18 }))),
    ).toMatchObject({
      accepted: false,
      code: 'EVENT_NOT_ALLOWED',
    });
    const resumed = send(appointment, suspended.snapshot, {
      type: 'LIFT_FREEZE',
      actor: actors.inspection,
      payload: { cadreId: 'c1', liftedOn: '2026-03-02' },
    });
    expect(resumed.accepted && resumed.to).toBe('proposal.keyOfficialsOpinion');
  });
});

describe('correction 4 — first, higher and equal posts (QĐ 80/377 Art. on standards; Decision 727)', () => {
  const check = (candidate: JsonObject) => {
    const atStep1 = reach(appointment, policy(1), {
      position: subject.position,
      candidates: [candidate],
    });
    return send(appointment, atStep1.snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: [candidate['id'] as string] },
    });
  };

  it('does not apply the 5-years-to-retirement rule to an equal post', () => {
    const result = check(cadre({ id: 'e1', dateOfBirth: '1965-01-01', relation: 'equal' }));
    expect(result.accepted && result.to).toBe('proposal.nomination');
  });

  it('does not apply the 24-month rule to a first appointment', () => {
    const result = check(
      cadre({ id: 'f1', currentPositionSince: '2025-09-01', relation: 'first' }),
    );
    expect(result.accepted && result.to).toBe('proposal.nomination');
  });

  it('counts time in equivalent posts cumulatively for a higher post', () => {
    const result = check(
      cadre({
        id: 'h1',
        currentPositionSince: '2025-01-15',
        equivalentPosts: [{ title: 'Trưởng phòng', from: '2022-01-01', to: '2023-06-30' }],
      }),
    );
    expect(result.accepted && result.to).toBe('proposal.nomination');
  });

  it('still applies both rules to a higher post (the default relation)', () => {
    const result = check(cadre({ id: 'h2', currentPositionSince: '2025-01-15' }));
    expect(result).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });
});

describe('correction 5 — step 3 differs from step 2: the authority directs before step 4 (NĐ 138 rule, a profile parameter)', () => {
  const differs: Step[] = [
    ...policy(1),
    { type: 'SUBMIT', actor: actors.clerk, payload: { eligible: ['c1', 'c2'] } },
    vote(candidatesTally(30, 25, { c1: 15, c2: 10 })),
    vote(candidatesTally(9, 9, { c2: 6, c1: 3 })),
  ];

  it('records the difference and waits for the direction of the competent authority', () => {
    const waiting = reach(appointment, differs);
    expect(waiting.to).toBe('proposal.leadershipNomination.awaitingDirection');
    expect(JSON.stringify(waiting.snapshot.context.facts['votes'])).toContain('"differs":true');
    expect(send(appointment, waiting.snapshot, vote(yesNo(30, 25, 20)))).toMatchObject({
      accepted: false,
    });
    const directed = send(appointment, waiting.snapshot, {
      type: 'RECORD_DIRECTION',
      actor: actors.authority,
      payload: { direction: 'continue', documentRef: '88-CV/TU' },
    });
    expect(directed.accepted && directed.to).toBe('proposal.keyOfficialsOpinion');
    expect(directed.accepted && directed.snapshot.context.facts['nominees']).toEqual(['c2']);
  });
});

describe("correction 6 — the Party committee's written opinion before step 5 (NĐ 170 Art. 33; Decision 727)", () => {
  it('waits at proposal.partyOpinion for the party committee, and only the party committee', () => {
    const atOpinion = reach(appointmentState, [
      ...toStep4,
      vote(candidatesTally(30, 25, { c1: 20, c2: 18 })),
    ]);
    expect(atOpinion.to).toBe('proposal.partyOpinion');
    const opinion = { agrees: true, documentRef: '15-CV/ĐU', issuedOn: '2026-03-01' };
    expect(
      send(appointmentState, atOpinion.snapshot, {
        type: 'RECORD_OPINION',
        actor: actors.clerk,
        payload: opinion,
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const given = send(appointmentState, atOpinion.snapshot, {
      type: 'RECORD_OPINION',
      actor: party,
      payload: opinion,
    });
    expect(given.accepted && given.to).toBe('proposal.leadershipVote.ballot');
  });
});

describe('correction 7 — the term ends at retirement when that comes first (NĐ 170 Art. 28; Labour Code 2019 Art. 169)', () => {
  const older = {
    position: subject.position,
    candidates: [cadre({ id: 'c1', dateOfBirth: '1966-06-10' })],
  };
  const at = (steps: Step[]) => steps.map((step) => ({ ...step, now: '2025-12-22T03:00:00Z' }));
  const toDecision = at([
    ...policy(1),
    {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { eligible: ['c1'], exceptions: { c1: '15-CV/BTCTU' } },
    },
    vote(candidatesTally(30, 25, { c1: 20 })),
    vote(candidatesTally(9, 9, { c1: 7 })),
    vote(yesNo(30, 25, 20)),
    vote(yesNo(9, 9, 7)),
    { type: 'APPROVE', actor: actors.board },
    { type: 'APPROVE', actor: actors.inspection },
    vote(yesNo(17, 15, 9, 6)),
  ]);

  it('ends the term of a man born 10/06/1966 appointed from 01/01/2026 on 30/06/2028', () => {
    const atDecision = reach(appointment, toDecision, older);
    const appointed = send(appointment, atDecision.snapshot, {
      type: 'ISSUE_DECISION',
      actor: actors.authority,
      payload: { decisionNumber: '9-QĐ/TU', signedOn: '2025-12-20', effectiveOn: '2026-01-01' },
      now: '2025-12-22T03:00:00Z',
    });
    expect(appointed.accepted && appointed.snapshot.context.facts['termEndsOn']).toBe('2028-06-30');
  });

  it('refuses a decision signed after the day it takes effect', () => {
    const atDecision = reach(appointment, toDecision, older);
    const refused = send(appointment, atDecision.snapshot, {
      type: 'ISSUE_DECISION',
      actor: actors.authority,
      payload: { decisionNumber: '9-QĐ/TU', signedOn: '2026-01-05', effectiveOn: '2026-01-01' },
      now: '2026-01-06T03:00:00Z',
    });
    expect(refused).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });
});

describe('correction 8 — resignation (QĐ 41 Art. 8 / QĐ 377; QĐ 41 Art. 3 dismissal grounds)', () => {
  const position = { title: 'Giám đốc Sở', unit: 'Sở X' };
  const submit = (facts: JsonObject, payload: JsonObject) => {
    const opened = open(resignation, { cadre: cadre(facts), position });
    return send(resignation, opened.snapshot, { type: 'SUBMIT', actor: actors.clerk, payload });
  };

  it('counts the exchange deadline from the day the letter was received', () => {
    const result = submit({}, { ground: 'personal', letterReceivedOn: '2026-02-20' });
    expect(result.accepted && result.effects).toContainEqual(
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'exchange',
        countedFrom: '2026-02-20',
      }),
    );
  });

  it('refuses a letter received in the future', () => {
    expect(submit({}, { ground: 'personal', letterReceivedOn: '2026-03-10' })).toMatchObject({
      accepted: false,
      code: 'VALIDATION_FAILED',
    });
  });

  it.each([
    [
      'reprimanded twice in one term',
      {
        currentPositionSince: '2023-01-01',
        disciplines: [
          { level: 'reprimand', effectiveOn: '2024-05-01' },
          { level: 'reprimand', effectiveOn: '2025-06-01' },
        ],
      },
    ],
    [
      'two consecutive years not completing duties',
      {
        ratings: [
          { year: 2024, rating: 'notCompleted' },
          { year: 2025, rating: 'notCompleted' },
        ],
      },
    ],
  ])('routes a cadre %s to dismissal, not resignation', (_name, facts) => {
    const result = submit(facts, { ground: 'personal', letterReceivedOn: '2026-02-20' });
    expect(result).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'dismissalGrounds' },
    });
  });

  it('needs a recorded confidence vote for the low-confidence ground', () => {
    expect(submit({}, { ground: 'lowConfidence', letterReceivedOn: '2026-02-20' })).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
    });
    const withVote = submit(
      { lastConfidenceVote: { ballotsReturned: 40, low: 21 } },
      { ground: 'lowConfidence', letterReceivedOn: '2026-02-20' },
    );
    expect(withVote.accepted && withVote.to).toBe('exchange');
  });
});

describe('correction 9 — who confirms what at vetting (SPEC §1)', () => {
  const toVetting: Step[] = [...toStep5, vote(candidatesTally(10, 10, { c1: 6, c2: 4 }))];

  it("titles the inspection commission's approval by what it confirms", () => {
    const atVetting: StoredSnapshot = reach(appointment, toVetting).snapshot;
    const [approve] = availableEvents(
      appointment,
      atVetting,
      actors.inspection,
      '2026-03-02T03:00:00Z',
    ).filter((event) => event.type === 'APPROVE');
    expect(approve?.title?.en).toMatch(/discipline.*inspection.*complaint.*asset/i);
  });

  it('has no Party inspection approval in the State-side vetting (NĐ 170)', () => {
    const atVetting = reach(appointmentState, [
      ...toStep5,
      {
        type: 'RECORD_OPINION',
        actor: party,
        payload: { agrees: true, documentRef: '15-CV/ĐU', issuedOn: '2026-03-01' },
      },
      vote(candidatesTally(10, 10, { c1: 6, c2: 4 })),
    ]);
    expect(pendingApprovals(appointmentState, atVetting.snapshot).map((p) => p.role)).toEqual([
      'organization_board',
    ]);
    const approved = send(appointmentState, atVetting.snapshot, {
      type: 'APPROVE',
      actor: actors.board,
    });
    expect(approved.accepted && approved.to).toBe('vote.ballot');
  });
});
