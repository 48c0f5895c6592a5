/** `dismissal` — miễn nhiệm, cho thôi giữ chức vụ (QĐ 377-QĐ/TW; domain.md §3.7, §5.4–5.5). */
import { describe, expect, it } from '@jest/globals';
import { VIETNAM_CALENDAR } from '../../src/engine/calendar/vietnam-calendar.js';
import type { JsonObject } from '../../src/engine/index.js';
import { deadlineDueOn } from '../../src/engine/runtime/deadline-due.js';
import type { ActiveDeadline } from '../../src/engine/compiler/case-context.js';
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

const dismissal = builtin('dismissal', 2);

const position = { title: 'Giám đốc Sở', unit: 'Sở Y tế' };
const twoReprimands = {
  currentPositionSince: '2023-01-01',
  disciplines: [
    { level: 'reprimand', effectiveOn: '2024-05-01' },
    { level: 'reprimand', effectiveOn: '2026-02-24' },
  ],
};
const grounds = { ground: 'disciplinesInTerm', groundAroseOn: '2026-02-24' };
const exchange = { exchangedOn: '2026-02-26', cadreOpinion: 'disagrees' };
const proposal = { proposedOn: '2026-03-02', documentRef: '45-TTr/BTCTU' };
const decision = { decisionNumber: '12-QĐ/TU', signedOn: '2026-03-06', effectiveOn: '2026-03-09' };

const toVote: Step[] = [
  { type: 'SUBMIT', actor: actors.clerk, payload: grounds },
  { type: 'RECORD_EXCHANGE', actor: actors.board, payload: exchange },
  { type: 'SUBMIT', actor: actors.board, payload: proposal },
];

function atVote(facts: JsonObject = twoReprimands) {
  return last(walk(dismissal, open(dismissal, { cadre: cadre(facts), position }).snapshot, toVote));
}

function deadline(snapshot: { context: unknown }, name: string): ActiveDeadline {
  const deadlines = (snapshot.context as { deadlines: Record<string, ActiveDeadline> }).deadlines;
  const found = deadlines[name];
  if (!found) throw new Error(`no deadline ${name}`);
  return found;
}

describe('dismissal workflow (QĐ 377)', () => {
  it('walks grounds → exchange → proposal → vote → decision → dismissed (scenario 29: reprimanded twice in one term)', () => {
    const opened = open(dismissal, { cadre: cadre(twoReprimands), position });
    expect(opened.to).toBe('grounds');
    const steps = walk(dismissal, opened.snapshot, [
      ...toVote,
      { type: 'RECORD_VOTE', actor: actors.clerk, payload: yesNo(9, 8, 6, 2) },
      {
        type: 'ISSUE_DECISION',
        actor: actors.authority,
        payload: decision,
        now: '2026-03-06T03:00:00Z',
      },
    ]);
    expect(steps.map((step) => step.to)).toEqual([
      'proposal.exchange',
      'proposal.submission',
      'vote.ballot',
      'decision',
      'dismissed',
    ]);
    // The ground is checked and recorded (the rule's outcome names it).
    expect(steps[0]?.evaluations?.['rules']).toContainEqual(
      expect.objectContaining({
        rule: 'dismissalGrounds',
        satisfied: true,
        details: expect.objectContaining({ ground: 'disciplinesInTerm', kind: 'dismissal' }),
      }),
    );
    const final = last(steps).snapshot.context as { facts: JsonObject };
    expect(final.facts['grounds']).toMatchObject(grounds);
    expect(final.facts['decision']).toEqual(decision);
  });

  it('counts the proposal deadline, 10 working days, from the day the ground arose', () => {
    const submitted = send(
      dismissal,
      open(dismissal, { cadre: cadre(twoReprimands), position }).snapshot,
      {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: grounds,
      },
    );
    expect(submitted.accepted && submitted.effects).toContainEqual(
      expect.objectContaining({
        type: 'scheduleDeadline',
        name: 'proposal',
        amount: 10,
        unit: 'WORKING_DAY',
        countedFrom: '2026-02-24',
      }),
    );
    if (!submitted.accepted) return;
    // 24/02/2026 (Tuesday) + 10 working days = 10/03/2026.
    expect(deadlineDueOn(deadline(submitted.snapshot, 'proposal'), VIETNAM_CALENDAR).dueOn).toBe(
      '2026-03-10',
    );
  });

  it('refuses a ground that does not hold: one reprimand only, or a ground the record does not show', () => {
    const once = { disciplines: [{ level: 'reprimand', effectiveOn: '2026-02-24' }] };
    const opened = open(dismissal, { cadre: cadre(once), position });
    expect(
      send(dismissal, opened.snapshot, { type: 'SUBMIT', actor: actors.clerk, payload: grounds }),
    ).toMatchObject({
      accepted: false,
      code: 'RULE_NOT_SATISFIED',
      details: { rule: 'dismissalGrounds' },
    });
    const twice = open(dismissal, { cadre: cadre(twoReprimands), position });
    expect(
      send(dismissal, twice.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { ground: 'lowConfidence', groundAroseOn: '2026-02-24' },
      }),
    ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
    // A ground that arises tomorrow is not a ground today.
    expect(
      send(dismissal, twice.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { ...grounds, groundAroseOn: '2026-03-03' },
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it.each<[string, JsonObject, JsonObject]>([
    [
      'two consecutive years not completing duties',
      {
        ratings: [
          { year: 2024, rating: 'notCompleted' },
          { year: 2025, rating: 'notCompleted' },
        ],
      },
      { ground: 'consecutiveYearsNotCompleted' },
    ],
    [
      'low confidence 27 of 40 (scenario 38: ≥ 2/3)',
      { lastConfidenceVote: { ballotsReturned: 40, low: 27 } },
      { ground: 'lowConfidence' },
    ],
    [
      'disciplined with prestige lost (ground 1)',
      { conclusions: [{ kind: 'disciplineLostPrestige', documentRef: '3-KL/UBKT' }] },
      { ground: 'disciplineLostPrestige' },
    ],
    [
      'degradation (ground 5)',
      { conclusions: [{ kind: 'politicalDegradation', documentRef: '4-KL/UBKT' }] },
      { ground: 'politicalDegradation' },
    ],
    [
      'political standards (ground 6)',
      { conclusions: [{ kind: 'politicalStandards', documentRef: '5-KL/BTC' }] },
      { ground: 'politicalStandards' },
    ],
    [
      'release from the post: 65% of the targets, head for 3 years (scenario 28a)',
      { currentPositionSince: '2023-01-01' },
      { ground: 'releaseFromPost', unitResults: { year: 2025, targetsAchievedPercent: 65 } },
    ],
  ])('accepts every ground of the profile: %s', (_name, facts, payload) => {
    const opened = open(dismissal, { cadre: cadre(facts), position });
    const result = send(dismissal, opened.snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload: { groundAroseOn: '2026-02-24', ...payload },
    });
    expect(result.accepted && result.to).toBe('proposal.exchange');
  });

  it('does not release a head in post 8 months, nor one excused by force majeure (scenario 28a)', () => {
    const results = { year: 2025, targetsAchievedPercent: 65 };
    for (const [facts, unitResults] of [
      [{ currentPositionSince: '2025-07-01' }, results],
      [{ currentPositionSince: '2023-01-01' }, { ...results, forceMajeure: true }],
    ] as const) {
      const opened = open(dismissal, { cadre: cadre(facts), position });
      expect(
        send(dismissal, opened.snapshot, {
          type: 'SUBMIT',
          actor: actors.clerk,
          payload: { ground: 'releaseFromPost', groundAroseOn: '2026-02-24', unitResults },
        }),
      ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
    }
  });

  it('follows the pinned profile on exactly 2/3 low confidence (scenario 30: 20 of 30)', () => {
    const facts = { lastConfidenceVote: { ballotsReturned: 30, low: 20 } };
    const payload = { ground: 'lowConfidence', groundAroseOn: '2026-02-24' };
    const qd377 = send(dismissal, open(dismissal, { cadre: cadre(facts), position }).snapshot, {
      type: 'SUBMIT',
      actor: actors.clerk,
      payload,
    });
    expect(qd377.accepted).toBe(true);
    // Version 1, the QĐ 41 profile (more than 2/3), pinned by a case begun before 8/10/2025.
    const qd41 = builtin('dismissal', 1);
    expect(qd41.definition.regulation).toBe('QĐ 41-QĐ/TW (2021)');
    expect(
      send(qd41, open(qd41, { cadre: cadre(facts), position }).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload,
      }),
    ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
    // 21 of 30 is more than 2/3: a ground under both.
    const more = { lastConfidenceVote: { ballotsReturned: 30, low: 21 } };
    expect(
      send(qd41, open(qd41, { cadre: cadre(more), position }).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload,
      }),
    ).toMatchObject({ accepted: true, to: 'proposal.exchange' });
  });

  it('version 1 (QĐ 41) knows no release from the post', () => {
    const qd41 = builtin('dismissal', 1);
    expect(
      send(qd41, open(qd41, { cadre: cadre(), position }).snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: {
          ground: 'releaseFromPost',
          groundAroseOn: '2026-02-24',
          unitResults: { year: 2025, targetsAchievedPercent: 65 },
        },
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  describe('the leadership vote: more than half of ALL members', () => {
    it('scenario 31: 7 members, 4 for → dismissed; 3 for → not dismissed', () => {
      const passed = send(dismissal, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(7, 7, 4, 3),
      });
      expect(passed.accepted && passed.to).toBe('decision');
      const failed = send(dismissal, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(7, 7, 3, 4),
      });
      expect(failed.accepted && failed.to).toBe('notDismissed');
    });

    it('scenario 31: a 6-member board split 3/3 → the head decides', () => {
      const tie = send(dismissal, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(6, 6, 3, 3),
      });
      expect(tie.accepted && tie.to).toBe('vote.tie');
      if (!tie.accepted) return;
      expect(
        send(dismissal, tie.snapshot, {
          type: 'HEAD_DECIDE',
          actor: actors.clerk,
          payload: { outcome: 'approve', justification: 'x' },
        }),
      ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
      const decided = send(dismissal, tie.snapshot, {
        type: 'HEAD_DECIDE',
        actor: actors.head,
        payload: {
          outcome: 'approve',
          justification: 'Căn cứ đã rõ',
          dissentingOpinions: ['Đề nghị chờ kết quả đánh giá năm'],
        },
      });
      expect(decided.accepted && decided.to).toBe('decision');
    });

    it('the base trap: 17 members, 12 present, 8 for is 2/3 of those present but not more than half of all → not dismissed', () => {
      const result = send(dismissal, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(17, 12, 8, 4),
      });
      expect(result.accepted && result.to).toBe('notDismissed');
    });

    it('the quorum trap: 9 of 17 present, all for → no vote held (9·3 < 17·2), the case stays', () => {
      const result = send(dismissal, atVote().snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(17, 9, 9, 0),
      });
      expect(result.accepted && result.to).toBe('vote.ballot');
      expect(result).toMatchObject({ evaluations: { result: 'QUORUM_NOT_MET' } });
    });
  });

  it('scenario 27: the decision is due 10 working days after the proposal; with an objective reason up to 15', () => {
    const vote = atVote();
    const due = deadline(vote.snapshot, 'decision');
    expect(due).toMatchObject({ amount: 10, unit: 'WORKING_DAY', scope: 'case' });
    // Proposal submitted Monday 02/03/2026: working day 10 is 16/03, working day 14 is 20/03.
    expect(deadlineDueOn(due, VIETNAM_CALENDAR).dueOn).toBe('2026-03-16');
    expect(
      send(dismissal, vote.snapshot, { type: 'EXTEND', actor: actors.authority, payload: {} }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
    const extended = send(dismissal, vote.snapshot, {
      type: 'EXTEND',
      actor: actors.authority,
      payload: { reason: 'Chờ kết luận của Ủy ban Kiểm tra' },
    });
    expect(extended.accepted && extended.effects).toEqual([
      { type: 'extendDeadline', name: 'decision', amount: 15, extensions: 1 },
    ]);
    if (!extended.accepted) return;
    expect(deadlineDueOn(deadline(extended.snapshot, 'decision'), VIETNAM_CALENDAR).dueOn).toBe(
      '2026-03-23',
    );
    expect(
      send(dismissal, extended.snapshot, {
        type: 'EXTEND',
        actor: actors.authority,
        payload: { reason: 'again' },
      }),
    ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('separation of roles: the clerk does not record the exchange, the board does not decide, nobody but the clerk records a vote', () => {
    const opened = open(dismissal, { cadre: cadre(twoReprimands), position });
    const [submitted] = walk(dismissal, opened.snapshot, [toVote[0] as Step]);
    if (!submitted) throw new Error('not submitted');
    expect(
      send(dismissal, submitted.snapshot, {
        type: 'RECORD_EXCHANGE',
        actor: actors.clerk,
        payload: exchange,
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const vote = atVote();
    expect(
      send(dismissal, vote.snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.head,
        payload: yesNo(9, 9, 9),
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    const atDecision = send(dismissal, vote.snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(9, 9, 9),
    });
    if (!atDecision.accepted) throw new Error('vote refused');
    expect(
      send(dismissal, atDecision.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.board,
        payload: decision,
      }),
    ).toMatchObject({ accepted: false, code: 'FORBIDDEN' });
    // A decision signed after it takes effect, or in the future, is refused.
    expect(
      send(dismissal, atDecision.snapshot, {
        type: 'ISSUE_DECISION',
        actor: actors.authority,
        payload: { ...decision, signedOn: '2026-03-10' },
        now: '2026-03-10T03:00:00Z',
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('the authority may refuse the dismissal; the clerk may withdraw before the decision', () => {
    const vote = atVote();
    const atDecision = send(dismissal, vote.snapshot, {
      type: 'RECORD_VOTE',
      actor: actors.clerk,
      payload: yesNo(9, 9, 9),
    });
    if (!atDecision.accepted) throw new Error('vote refused');
    const refused = send(dismissal, atDecision.snapshot, {
      type: 'REJECT',
      actor: actors.authority,
      payload: { reason: 'Chưa đủ căn cứ' },
    });
    expect(refused.accepted && refused.to).toBe('notDismissed');
    const withdrawn = send(dismissal, vote.snapshot, {
      type: 'WITHDRAW',
      actor: actors.clerk,
      payload: { reason: 'Cán bộ nghỉ hưu' },
    });
    expect(withdrawn.accepted && withdrawn.to).toBe('withdrawn');
  });

  it('the exchange comes after the ground, the proposal after the exchange', () => {
    const opened = open(dismissal, { cadre: cadre(twoReprimands), position });
    const [submitted] = walk(dismissal, opened.snapshot, [toVote[0] as Step]);
    if (!submitted) throw new Error('not submitted');
    expect(
      send(dismissal, submitted.snapshot, {
        type: 'RECORD_EXCHANGE',
        actor: actors.board,
        payload: { ...exchange, exchangedOn: '2026-02-20' },
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });
});

describe('dismissal-state workflow (NĐ 170/2025, civil servants)', () => {
  const state = builtin('dismissal-state');
  const warnedTwice = {
    currentPositionSince: '2023-01-01',
    disciplines: [
      { level: 'reprimand', effectiveOn: '2024-05-01' },
      { level: 'warning', effectiveOn: '2026-02-24' },
    ],
  };

  it('counts a reprimand and a warning in one term as a ground (NĐ 138/170), where QĐ 377 counts reprimands only', () => {
    const stateCase = open(state, { cadre: cadre(warnedTwice), position });
    expect(
      send(state, stateCase.snapshot, { type: 'SUBMIT', actor: actors.clerk, payload: grounds }),
    ).toMatchObject({ accepted: true, to: 'proposal.exchange' });
    const partyCase = open(dismissal, { cadre: cadre(warnedTwice), position });
    expect(
      send(dismissal, partyCase.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: grounds,
      }),
    ).toMatchObject({ accepted: false, code: 'RULE_NOT_SATISFIED' });
  });

  it('accepts head responsibility as a ground and has no release from the post', () => {
    const responsible = {
      conclusions: [{ kind: 'headResponsibility', documentRef: '7-KL/TTCP' }],
    };
    const opened = open(state, { cadre: cadre(responsible), position });
    expect(
      send(state, opened.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { ground: 'headResponsibility', groundAroseOn: '2026-02-24' },
      }),
    ).toMatchObject({ accepted: true });
    expect(
      send(state, opened.snapshot, {
        type: 'SUBMIT',
        actor: actors.clerk,
        payload: { ground: 'releaseFromPost', groundAroseOn: '2026-02-24' },
      }),
    ).toMatchObject({ accepted: false, code: 'VALIDATION_FAILED' });
  });

  it('votes within 30 days of the written proposal; scenario 31 (NĐ 138): 7 members, 4 for → pass; 6 members 3/3 → head', () => {
    const vote = last(
      walk(state, open(state, { cadre: cadre(warnedTwice), position }).snapshot, toVote),
    );
    expect(vote.to).toBe('vote.ballot');
    expect(vote.effects).toContainEqual(
      expect.objectContaining({ type: 'scheduleDeadline', name: 'vote', amount: 30, unit: 'DAY' }),
    );
    expect(deadlineDueOn(deadline(vote.snapshot, 'vote'), VIETNAM_CALENDAR).dueOn).toBe(
      '2026-04-01',
    );
    expect(
      send(state, vote.snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(7, 6, 4, 2),
      }),
    ).toMatchObject({ accepted: true, to: 'decision' });
    expect(
      send(state, vote.snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(7, 7, 3, 4),
      }),
    ).toMatchObject({ accepted: true, to: 'notDismissed' });
    expect(
      send(state, vote.snapshot, {
        type: 'RECORD_VOTE',
        actor: actors.clerk,
        payload: yesNo(6, 6, 3, 3),
      }),
    ).toMatchObject({ accepted: true, to: 'vote.tie' });
  });
});
