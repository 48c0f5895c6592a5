import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import {
  evaluateVote,
  VOTE_TALLY_SCHEMA,
  voteResults,
  voteRule,
  type VoteParams,
} from '../../../src/engine/rules/vote.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

const leadership: VoteParams = { base: 'TOTAL_MEMBERS', tieAtHalf: 'HEAD_DECIDES' };
const nominationRound: VoteParams = { ...leadership, mode: 'candidates', noneAboveHalf: 'TOP_TWO' };
const currentWorkplace: VoteParams = { base: 'TOTAL_SUMMONED', tieAtHalf: 'HEAD_DECIDES' };

const candidates = (votes: Record<string, number>) =>
  Object.entries(votes).map(([id, count]) => ({ id, votes: count }));

describe('vote: domain.md §5.1 scenarios', () => {
  it.each<[string, VoteParams, JsonObject, string, JsonObject?]>([
    [
      '1: 15 members, 12 present, 7 in favour → FAILED (base is all members)',
      leadership,
      { summoned: 15, present: 12, inFavour: 7, against: 5 },
      'FAILED',
    ],
    [
      '2: 15 members, 12 present, 8 in favour → PASSED',
      leadership,
      { summoned: 15, present: 12, inFavour: 8, against: 4 },
      'PASSED',
    ],
    [
      '3: 10 members, 5 for, 5 against → TIE, the head decides',
      leadership,
      { summoned: 10, present: 10, inFavour: 5, against: 5 },
      'TIE',
    ],
    [
      '3: the same under tieAtHalf FAIL → FAILED',
      { base: 'TOTAL_MEMBERS' },
      { summoned: 10, present: 10, inFavour: 5, against: 5 },
      'FAILED',
    ],
    [
      '4: 10 members, 9 present, 5 for → still exactly half of all → TIE',
      leadership,
      { summoned: 10, present: 9, inFavour: 5, against: 4 },
      'TIE',
    ],
    [
      '5: 30 summoned, 19 present → QUORUM_NOT_MET',
      { quorumOnly: true },
      { summoned: 30, present: 19 },
      'QUORUM_NOT_MET',
    ],
    [
      '5: 30 summoned, 20 present → quorum met, HELD',
      { quorumOnly: true },
      { summoned: 30, present: 20, candidates: candidates({ A: 12, B: 8 }) },
      'HELD',
    ],
    [
      '5: 19 of 30 present on a deciding vote → QUORUM_NOT_MET',
      leadership,
      { summoned: 30, present: 19, inFavour: 19 },
      'QUORUM_NOT_MET',
    ],
    [
      '6: 40 summoned, 30 present, A=20 → exactly half of the summoned → TIE',
      currentWorkplace,
      { summoned: 40, present: 30, candidates: candidates({ A: 20 }) },
      'TIE',
      { tied: ['A'] },
    ],
    [
      '6: A=19 → FAILED',
      currentWorkplace,
      { summoned: 40, present: 30, candidates: candidates({ A: 19 }) },
      'FAILED',
    ],
    [
      '6: A=21 → PASSED',
      currentWorkplace,
      { summoned: 40, present: 30, candidates: candidates({ A: 21 }) },
      'PASSED',
      { selected: ['A'] },
    ],
    [
      '7: leadership of 9, A=4 B=3 C=2 → TOP_TWO A and B',
      nominationRound,
      { summoned: 9, present: 9, candidates: candidates({ C: 2, A: 4, B: 3 }) },
      'TOP_TWO',
      { selected: ['A', 'B'] },
    ],
    [
      '8: A=4 B=2 C=2 D=1 → TIE_FOR_SECOND between B and C',
      nominationRound,
      { summoned: 9, present: 9, candidates: candidates({ A: 4, B: 2, C: 2, D: 1 }) },
      'TIE_FOR_SECOND',
      { ahead: ['A'], tied: ['B', 'C'], openSlots: 1 },
    ],
    [
      '8: with tieForSecond FAIL → FAILED',
      { ...nominationRound, tieForSecond: 'FAIL' },
      { summoned: 9, present: 9, candidates: candidates({ A: 4, B: 2, C: 2, D: 1 }) },
      'FAILED',
      { tied: ['B', 'C'] },
    ],
    [
      '9: 20 summoned, 10 yes → TIE, the head of that unit decides',
      currentWorkplace,
      { summoned: 20, present: 18, inFavour: 10, against: 8 },
      'TIE',
    ],
    [
      '9: 20 summoned, 11 yes → PASSED',
      currentWorkplace,
      { summoned: 20, present: 18, inFavour: 11, against: 7 },
      'PASSED',
    ],
  ])('scenario %s', (_name, params, tally, result, extra = {}) => {
    const evaluation = evaluateVote(tally, params);
    expect(evaluation).toMatchObject({
      rule: 'vote',
      satisfied: true,
      result,
      details: { result, ...extra },
    });
    expect(evaluation.reason).toBeUndefined();
    expect(voteResults(params)).toContain(result);
    expectJsonOnly(evaluation);
  });
});

describe('vote: acceptance — a 17-member body, 15 present, base TOTAL_MEMBERS', () => {
  it.each([
    [8, 'FAILED', '8·2 (16) < 17'],
    [9, 'PASSED', '9·2 (18) > 17'],
  ])('%i in favour → %s', (inFavour, result, comparison) => {
    const evaluation = evaluateVote(
      { summoned: 17, present: 15, inFavour, against: 15 - inFavour },
      { base: 'TOTAL_MEMBERS' },
    );
    expect(evaluation.result).toBe(result);
    expect(evaluation.details).toMatchObject({
      base: { kind: 'TOTAL_MEMBERS', reads: 'summoned', value: 17 },
      inFavour: { votes: inFavour, comparison },
      quorum: { required: '2/3', met: true, comparison: '15·3 (45) > 17·2 (34)' },
    });
  });
});

describe('vote: bases, candidates and details', () => {
  it('records the base it used: TOTAL_SUMMONED reads summoned, BALLOTS_RETURNED the ballots', () => {
    const tally = { summoned: 40, present: 30, ballotsReturned: 28, inFavour: 15, against: 13 };
    expect(evaluateVote(tally, { base: 'TOTAL_SUMMONED' })).toMatchObject({
      result: 'FAILED',
      details: { base: { kind: 'TOTAL_SUMMONED', reads: 'summoned', value: 40 } },
    });
    expect(evaluateVote(tally, { base: 'BALLOTS_RETURNED' })).toMatchObject({
      result: 'PASSED',
      details: { base: { kind: 'BALLOTS_RETURNED', reads: 'ballotsReturned', value: 28 } },
    });
  });

  it('defaults ballotsReturned to present and invalid to 0', () => {
    const evaluation = evaluateVote(
      { summoned: 10, present: 8, inFavour: 4 },
      { base: 'BALLOTS_RETURNED', tieAtHalf: 'HEAD_DECIDES' },
    );
    expect(evaluation.result).toBe('TIE');
    expect(evaluation.details['tally']).toEqual({
      form: 'yesNo',
      summoned: 10,
      present: 8,
      ballotsReturned: 8,
      invalid: 0,
      inFavour: 4,
      against: 0,
      abstain: 0,
    });
  });

  it('never calls a vote with no ballots returned a tie', () => {
    const evaluation = evaluateVote(
      { summoned: 3, present: 3, ballotsReturned: 0, inFavour: 0 },
      { base: 'BALLOTS_RETURNED', tieAtHalf: 'HEAD_DECIDES' },
    );
    expect(evaluation.result).toBe('FAILED');
  });

  it('lets a null quorum hold any meeting', () => {
    const evaluation = evaluateVote(
      { summoned: 10, present: 1, inFavour: 1 },
      { quorum: null, base: 'BALLOTS_RETURNED' },
    );
    expect(evaluation).toMatchObject({
      result: 'PASSED',
      details: { quorum: { required: null, met: true } },
    });
  });

  it('applies a custom quorum exactly: 1/2 of 9 needs 5 present', () => {
    const params: VoteParams = { quorum: { numerator: 1, denominator: 2 }, quorumOnly: true };
    expect(evaluateVote({ summoned: 9, present: 4 }, params).result).toBe('QUORUM_NOT_MET');
    expect(evaluateVote({ summoned: 9, present: 5 }, params).result).toBe('HELD');
  });

  it('ranks candidates by votes then id and records every comparison', () => {
    const evaluation = evaluateVote(
      { summoned: 9, present: 9, candidates: candidates({ B: 5, A: 2, C: 2 }) },
      leadership,
    );
    expect(evaluation.result).toBe('PASSED');
    expect(evaluation.details['selected']).toEqual(['B']);
    expect(evaluation.details['ranking']).toEqual([
      { id: 'B', votes: 5, aboveHalf: true, exactlyHalf: false, comparison: '5·2 (10) > 9' },
      { id: 'A', votes: 2, aboveHalf: false, exactlyHalf: false, comparison: '2·2 (4) < 9' },
      { id: 'C', votes: 2, aboveHalf: false, exactlyHalf: false, comparison: '2·2 (4) < 9' },
    ]);
  });

  it('lists every candidate at exactly half in a TIE', () => {
    const evaluation = evaluateVote(
      { summoned: 10, present: 10, candidates: candidates({ A: 5, B: 5 }) },
      leadership,
    );
    expect(evaluation).toMatchObject({ result: 'TIE', details: { tied: ['A', 'B'] } });
  });

  it('fails when nobody is above half and the step has no fallback', () => {
    expect(
      evaluateVote({ summoned: 9, present: 9, candidates: candidates({ A: 4, B: 3 }) }, leadership)
        .result,
    ).toBe('FAILED');
  });

  it('treats a tie for first above half (multi-choice ballots) as nobody selected', () => {
    const tally = { summoned: 10, present: 10, candidates: candidates({ A: 6, B: 6, C: 1 }) };
    const multi = { choicesPerBallot: 'perCandidate' } as const;
    expect(evaluateVote(tally, { ...leadership, ...multi }).result).toBe('FAILED');
    expect(evaluateVote(tally, { ...nominationRound, ...multi })).toMatchObject({
      result: 'TOP_TWO',
      details: { selected: ['A', 'B'] },
    });
  });

  it('sends forward under TOP_TWO only candidates who received a vote', () => {
    expect(
      evaluateVote(
        { summoned: 9, present: 9, candidates: candidates({ A: 4, B: 0 }) },
        nominationRound,
      ),
    ).toMatchObject({
      result: 'TOP_TWO',
      details: { selected: ['A'] },
    });
    expect(
      evaluateVote(
        { summoned: 9, present: 9, candidates: candidates({ A: 0, B: 0 }) },
        nominationRound,
      ),
    ).toMatchObject({
      result: 'FAILED',
      details: { note: 'no candidate received a vote' },
    });
  });

  it('selects nobody until the head has chosen after a tie for second place', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 4, B: 2, C: 2, D: 1 }) };
    expect(evaluateVote(tally, nominationRound).details['selected']).toBeUndefined();
    const failed = evaluateVote(tally, { ...nominationRound, tieForSecond: 'FAIL' });
    expect(failed.details['selected']).toBeUndefined();
  });

  it('reports a three-way tie at the top under TOP_TWO as TIE_FOR_SECOND with two open slots', () => {
    const evaluation = evaluateVote(
      { summoned: 9, present: 9, candidates: candidates({ A: 3, B: 3, C: 3 }) },
      nominationRound,
    );
    expect(evaluation).toMatchObject({
      result: 'TIE_FOR_SECOND',
      details: { ahead: [], tied: ['A', 'B', 'C'], openSlots: 2 },
    });
  });

  it('records the rule it applied, defaults included', () => {
    expect(
      evaluateVote({ summoned: 5, present: 5, inFavour: 3 }, { base: 'TOTAL_MEMBERS' }).details[
        'rule'
      ],
    ).toEqual({
      quorum: { numerator: 2, denominator: 3 },
      base: 'TOTAL_MEMBERS',
      tieAtHalf: 'FAIL',
      mode: 'either',
      quorumOnly: false,
      noneAboveHalf: 'FAIL',
      tieForSecond: 'HEAD_DECIDES',
      singleChoice: false,
      choicesPerBallot: 'perPost',
    });
  });

  it('accepts a tally without votes when the quorum is not met or the step is quorum-only', () => {
    expect(evaluateVote({ summoned: 30, present: 10 }, leadership).result).toBe('QUORUM_NOT_MET');
    expect(evaluateVote({ summoned: 30, present: 25 }, { quorumOnly: true }).result).toBe('HELD');
  });
});

describe('vote: inconsistent tallies are refused as VALIDATION_FAILED', () => {
  it.each<[string, unknown, VoteParams, string]>([
    ['not an object', [1, 2], leadership, 'the tally must be an object'],
    ['no summoned', { present: 3, inFavour: 2 }, leadership, 'summoned is required'],
    [
      'a negative count',
      { summoned: 10, present: -1, inFavour: 0 },
      leadership,
      'present must be a non-negative whole number (got -1)',
    ],
    [
      'a fractional count',
      { summoned: 10, present: 8, inFavour: 4.5 },
      leadership,
      'inFavour must be a non-negative whole number (got 4.5)',
    ],
    [
      'a count as a string',
      { summoned: '10', present: 8, inFavour: 4 },
      leadership,
      'summoned must be a non-negative whole number (got "10")',
    ],
    [
      'an unsafe integer',
      { summoned: 2 ** 60, present: 8, inFavour: 4 },
      leadership,
      'summoned must be a non-negative whole number',
    ],
    [
      'nobody summoned',
      { summoned: 0, present: 0, inFavour: 0 },
      leadership,
      'summoned must be at least 1',
    ],
    [
      'present > summoned',
      { summoned: 30, present: 31, inFavour: 20 },
      leadership,
      'present (31) is more than summoned (30)',
    ],
    [
      'ballotsReturned > present',
      { summoned: 30, present: 25, ballotsReturned: 26, inFavour: 20 },
      leadership,
      'ballotsReturned (26) is more than present (25)',
    ],
    [
      'invalid > ballotsReturned',
      { summoned: 30, present: 25, invalid: 26, candidates: candidates({ A: 0 }) },
      leadership,
      'invalid (26) is more than ballotsReturned (25)',
    ],
    [
      'more votes than ballots',
      { summoned: 15, present: 12, inFavour: 8, against: 4, abstain: 1 },
      leadership,
      'inFavour + against + abstain + invalid (8 + 4 + 1 + 0 = 13) is more than ballotsReturned (12)',
    ],
    [
      'votes plus invalid ballots over the ballots',
      { summoned: 15, present: 12, ballotsReturned: 11, invalid: 2, inFavour: 8, against: 2 },
      leadership,
      '(8 + 2 + 0 + 2 = 12) is more than ballotsReturned (11)',
    ],
    [
      'a yes/no tally without inFavour',
      { summoned: 15, present: 12, against: 3 },
      leadership,
      'inFavour is required in a yes/no tally',
    ],
    [
      'both forms',
      { summoned: 9, present: 9, inFavour: 5, candidates: candidates({ A: 5 }) },
      leadership,
      'not both',
    ],
    [
      'no votes at all on a deciding vote',
      { summoned: 9, present: 9 },
      leadership,
      'neither a yes/no count (inFavour, against, abstain) nor candidates',
    ],
    [
      'candidates on a yes/no step',
      { summoned: 9, present: 9, candidates: candidates({ A: 5 }) },
      { ...leadership, mode: 'yesNo' },
      'this step is a yes/no vote',
    ],
    [
      'yes/no on a candidates step',
      { summoned: 9, present: 9, inFavour: 5 },
      nominationRound,
      'this step votes on candidates',
    ],
    [
      'an empty candidate list',
      { summoned: 9, present: 9, candidates: [] },
      leadership,
      'candidates must list at least one candidate',
    ],
    [
      'candidates not an array',
      { summoned: 9, present: 9, candidates: { A: 5 } },
      leadership,
      'candidates must be an array',
    ],
    [
      'a candidate without id',
      { summoned: 9, present: 9, candidates: [{ votes: 3 }] },
      leadership,
      'candidates[0].id must be a non-empty string',
    ],
    [
      'a candidate with bad votes',
      { summoned: 9, present: 9, candidates: [{ id: 'A', votes: -2 }] },
      leadership,
      'candidate A: votes must be a non-negative whole number (got -2)',
    ],
    [
      'a candidate listed twice',
      {
        summoned: 9,
        present: 9,
        candidates: [
          { id: 'A', votes: 3 },
          { id: 'A', votes: 2 },
        ],
      },
      leadership,
      'candidate A is listed more than once',
    ],
    [
      'a candidate with more votes than valid ballots',
      { summoned: 9, present: 9, invalid: 2, candidates: candidates({ A: 8 }) },
      leadership,
      'candidate A has 8 votes, more than the 7 valid ballots',
    ],
    [
      'single-choice ballots counted twice',
      { summoned: 9, present: 9, invalid: 1, candidates: candidates({ A: 5, B: 4 }) },
      { ...leadership, singleChoice: true },
      "the candidates' votes plus invalid ballots (9 + 1) are more than ballotsReturned (9)",
    ],
  ])('%s', (_name, tally, params, problem) => {
    const evaluation = evaluateVote(tally, params);
    expect(evaluation.satisfied).toBe(false);
    expect(evaluation.refusal).toBe('VALIDATION_FAILED');
    expect(evaluation.result).toBeUndefined();
    expect(evaluation.reason).toContain(problem);
    expect((evaluation.details['problems'] as string[]).some((p) => p.includes(problem))).toBe(
      true,
    );
    expectJsonOnly(evaluation);
  });

  it('reports every problem at once', () => {
    const evaluation = evaluateVote(
      { summoned: 10, present: 12, ballotsReturned: 13, inFavour: 14 },
      leadership,
    );
    expect(evaluation.details['problems']).toEqual([
      'present (12) is more than summoned (10)',
      'ballotsReturned (13) is more than present (12)',
      'inFavour + against + abstain + invalid (14 + 0 + 0 + 0 = 14) is more than ballotsReturned (13)',
    ]);
  });

  it('refuses, on a deciding vote, more votes than one choice per post allows (SPEC §5.2)', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 6, B: 5 }) };
    const evaluation = evaluateVote(tally, leadership);
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    expect(evaluation.reason).toContain(
      "the candidates' votes (11) are more than the 9 valid ballots × 1 post(s) (9)",
    );
    expect(evaluateVote(tally, leadership, undefined, { seats: 2 }).result).toBe('PASSED');
  });

  it('counts invalid ballots out of the choices: 9 returned, 1 invalid, 2 posts → at most 16', () => {
    const tally = {
      summoned: 9,
      present: 9,
      invalid: 1,
      candidates: candidates({ A: 7, B: 6, C: 4 }),
    };
    expect(evaluateVote(tally, leadership, undefined, { seats: 2 }).refusal).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('accepts multi-choice ballots on a quorum-only step or when the step says perCandidate', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 6, B: 5 }) };
    expect(evaluateVote(tally, { quorumOnly: true }).result).toBe('HELD');
    expect(evaluateVote(tally, { ...leadership, choicesPerBallot: 'perCandidate' }).result).toBe(
      'PASSED',
    );
  });

  it('refuses one yes/no count for several candidates on a deciding vote', () => {
    const evaluation = evaluateVote({ summoned: 9, present: 9, inFavour: 6 }, leadership, [
      'A',
      'B',
    ]);
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    expect(evaluation.reason).toContain('this step votes on 2 candidates (A, B) for 1 post(s)');
    expect(evaluateVote({ summoned: 9, present: 9, inFavour: 6 }, leadership, ['A']).result).toBe(
      'PASSED',
    );
  });
});

describe('vote: several posts (SPEC §5.2 corrections)', () => {
  const two = { seats: 2 };

  it('keeps up to `seats` candidates with more than half, highest first', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 7, B: 6, C: 5 }) };
    expect(evaluateVote(tally, nominationRound, undefined, two)).toMatchObject({
      result: 'PASSED',
      details: { selected: ['A', 'B'], seats: 2 },
    });
  });

  it('sends the top two per unfilled post on, beside those elected', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 6, B: 4, C: 3, D: 1 }) };
    expect(evaluateVote(tally, nominationRound, undefined, two)).toMatchObject({
      result: 'TOP_TWO',
      details: { elected: ['A'], unfilled: 1, selected: ['A', 'B', 'C'] },
    });
    expect(
      evaluateVote(tally, { ...nominationRound, perUnfilledPost: 3 }, undefined, two).details[
        'selected'
      ],
    ).toEqual(['A', 'B', 'C', 'D']);
  });

  it('passes the posts it can fill when the step has no runoff', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 6, B: 4 }) };
    expect(evaluateVote(tally, { base: 'TOTAL_MEMBERS' }, undefined, two)).toMatchObject({
      result: 'PASSED',
      details: { selected: ['A'], unfilled: 1 },
    });
  });

  it('asks the head when candidates tie at exactly half for an open post', () => {
    const tally = { summoned: 10, present: 10, candidates: candidates({ A: 6, B: 5, C: 5 }) };
    expect(evaluateVote(tally, leadership, undefined, two)).toMatchObject({
      result: 'TIE',
      details: { ahead: ['A'], tied: ['B', 'C'], openSlots: 1, selected: ['A', 'B', 'C'] },
    });
  });
});

describe('vote: a lone candidate at exactly half', () => {
  it('selects them if the head approves (the case carries one appointee, not two)', () => {
    const tally = { summoned: 10, present: 10, candidates: candidates({ A: 5, B: 4 }) };
    expect(evaluateVote(tally, leadership)).toMatchObject({
      result: 'TIE',
      details: { tied: ['A'], openSlots: 1, selected: ['A'] },
    });
  });
});

describe('vote: comparing with an earlier round (NĐ 138; domain.md §3.1)', () => {
  const earlier = {
    details: {
      tally: {
        candidates: [
          { id: 'A', votes: 15 },
          { id: 'B', votes: 10 },
        ],
      },
    },
  };
  const step3: VoteParams = { ...nominationRound, compareWith: 'step2', whenDifferent: 'REFER' };

  it('refers the case when the leader differs, keeping the nominee', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ B: 6, A: 3 }) };
    expect(evaluateVote(tally, step3, undefined, { earlier })).toMatchObject({
      result: 'REFERRED',
      details: {
        selected: ['B'],
        comparison: { earlierLeaders: ['A'], leaders: ['B'], differs: true, referred: true },
      },
    });
    expect(voteResults(step3)).toContain('REFERRED');
  });

  it('only records the difference under whenDifferent RECORD', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ B: 6, A: 3 }) };
    const evaluation = evaluateVote(tally, { ...step3, whenDifferent: 'RECORD' }, undefined, {
      earlier,
    });
    expect(evaluation).toMatchObject({
      result: 'PASSED',
      details: { comparison: { differs: true } },
    });
  });

  it('goes on when the leader is the same', () => {
    const tally = { summoned: 9, present: 9, candidates: candidates({ A: 6, B: 3 }) };
    expect(evaluateVote(tally, step3, undefined, { earlier }).result).toBe('PASSED');
  });
});

describe('vote rule: candidates from a fact', () => {
  const params: VoteParams = { ...nominationRound, candidatesFrom: 'eligible' };
  const tally = (votes: Record<string, number>): JsonObject => ({
    summoned: 9,
    present: 9,
    candidates: candidates(votes),
  });

  it('accepts candidates recorded in the fact (ids or objects with an id)', () => {
    expect(
      voteRule.evaluate(
        ruleInput(params, {
          payload: tally({ c1: 5, c2: 4 }),
          facts: { eligible: ['c1', 'c2', 'c3'] },
        }),
      ).result,
    ).toBe('PASSED');
    expect(
      voteRule.evaluate(
        ruleInput(params, {
          payload: tally({ c1: 5 }),
          facts: { eligible: [{ id: 'c1' }, { id: 'c2' }] },
        }),
      ).result,
    ).toBe('PASSED');
  });

  it('refuses an unknown candidate as VALIDATION_FAILED, naming it', () => {
    const evaluation = voteRule.evaluate(
      ruleInput(params, { payload: tally({ c1: 4, x9: 3 }), facts: { eligible: ['c1', 'c2'] } }),
    );
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    expect(evaluation.reason).toContain(
      "candidate x9 is not one of this step's candidates (c1, c2)",
    );
  });

  it('refuses when the fact holds no candidate list', () => {
    const evaluation = voteRule.evaluate(
      ruleInput(params, { payload: tally({ c1: 5 }), facts: {} }),
    );
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
    expect(evaluation.reason).toContain('facts.eligible');
  });

  it('evaluates the event payload without a candidate list when candidatesFrom is absent', () => {
    expect(
      voteRule.evaluate(
        ruleInput(leadership, { payload: { summoned: 15, present: 12, inFavour: 8 } }),
      ).result,
    ).toBe('PASSED');
  });
});

describe('vote params', () => {
  it.each([
    [{ base: 'TOTAL_MEMBERS' }],
    [{ quorumOnly: true }],
    [{ quorum: null, base: 'BALLOTS_RETURNED', tieAtHalf: 'FAIL', mode: 'yesNo' }],
    [
      {
        quorum: { numerator: 3, denominator: 3 },
        base: 'TOTAL_SUMMONED',
        noneAboveHalf: 'TOP_TWO',
        tieForSecond: 'FAIL',
        singleChoice: true,
        candidatesFrom: 'nominees',
      },
    ],
  ])('accepts %j', (params) => {
    expect(voteRule.checkParams(params)).toEqual([]);
  });

  it('requires a base unless the step is quorum-only, also when params are omitted', () => {
    const problem = { path: 'base', message: 'is required unless quorumOnly is true' };
    expect(voteRule.checkParams(undefined)).toEqual([problem]);
    expect(voteRule.checkParams({ tieAtHalf: 'HEAD_DECIDES' })).toEqual([problem]);
  });

  it('reports every problem with its path', () => {
    const problems = voteRule.checkParams({
      quorum: { numerator: 0, denominator: 'three' },
      base: 'PRESENT',
      tieAtHalf: 'COIN_TOSS',
      quorumOnly: 'no',
      majority: 'simple',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'quorum.numerator', message: 'must be >= 1' },
        { path: 'quorum.denominator', message: 'must be integer' },
        {
          path: 'base',
          message: 'must be one of "TOTAL_MEMBERS", "TOTAL_SUMMONED", "BALLOTS_RETURNED"',
        },
        { path: 'tieAtHalf', message: 'must be one of "HEAD_DECIDES", "FAIL"' },
        { path: 'quorumOnly', message: 'must be boolean' },
        { path: 'majority', message: 'is not a parameter of this rule' },
      ]),
    );
    expect(new Set(problems.map((p) => p.path))).toEqual(
      new Set([
        'quorum.numerator',
        'quorum.denominator',
        'base',
        'tieAtHalf',
        'quorumOnly',
        'majority',
      ]),
    );
  });

  it('reports a missing quorum member and a quorum above the whole', () => {
    expect(voteRule.checkParams({ base: 'TOTAL_MEMBERS', quorum: { numerator: 2 } })).toEqual([
      { path: 'quorum.denominator', message: 'is required' },
    ]);
    expect(
      voteRule.checkParams({ base: 'TOTAL_MEMBERS', quorum: { numerator: 4, denominator: 3 } }),
    ).toEqual([
      {
        path: 'quorum.numerator',
        message: 'must not exceed the denominator (4/3 is more than the whole)',
      },
    ]);
  });

  it('reports params that are not an object at the root path', () => {
    expect(voteRule.checkParams(['TOTAL_MEMBERS'])).toEqual([
      { path: '', message: 'must be object' },
    ]);
  });
});

describe('vote results', () => {
  it.each<[VoteParams, string[]]>([
    [{ base: 'TOTAL_MEMBERS' }, ['QUORUM_NOT_MET', 'PASSED', 'FAILED']],
    [leadership, ['QUORUM_NOT_MET', 'PASSED', 'TIE', 'FAILED']],
    [{ ...leadership, quorum: null }, ['PASSED', 'TIE', 'FAILED']],
    [{ quorumOnly: true }, ['QUORUM_NOT_MET', 'HELD']],
    [{ quorumOnly: true, quorum: null }, ['HELD']],
    [nominationRound, ['QUORUM_NOT_MET', 'PASSED', 'TIE', 'TOP_TWO', 'TIE_FOR_SECOND', 'FAILED']],
    [
      { ...nominationRound, tieForSecond: 'FAIL' },
      ['QUORUM_NOT_MET', 'PASSED', 'TIE', 'TOP_TWO', 'FAILED'],
    ],
    [{ ...nominationRound, mode: 'yesNo' }, ['QUORUM_NOT_MET', 'PASSED', 'TIE', 'FAILED']],
  ])('%j → %j', (params, results) => {
    expect(voteRule.results?.(params)).toEqual(results);
  });
});

describe('vote: the tally shape comes from VOTE_TALLY_SCHEMA (the built-in voteTally)', () => {
  it('offers the schema as the built-in $defs voteTally', () => {
    expect(voteRule.defs).toEqual({ voteTally: VOTE_TALLY_SCHEMA });
  });

  it('reads null as absent and ignores fields it does not know', () => {
    expect(
      evaluateVote(
        {
          summoned: 15,
          present: 12,
          ballotsReturned: null,
          inFavour: 8,
          note: 'x',
          candidates: null,
        },
        leadership,
      ),
    ).toMatchObject({ satisfied: true, result: 'PASSED' });
    expect(
      evaluateVote(
        { summoned: 9, present: 9, candidates: [{ id: 'A', votes: 6, seat: 1 }] },
        leadership,
      ),
    ).toMatchObject({ satisfied: true, result: 'PASSED' });
  });

  it('refuses what the schema bounds, as an inconsistent tally', () => {
    const many = evaluateVote(
      {
        summoned: 9,
        present: 9,
        candidates: Array.from({ length: 101 }, (_, i) => ({ id: `c${i}`, votes: 0 })),
      },
      leadership,
    );
    expect(many).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    expect(many.details['problems']).toEqual(['candidates must NOT have more than 100 items']);
  });

  it('lists shape problems in the order of the schema, then by candidate', () => {
    const evaluation = evaluateVote(
      {
        summoned: -1,
        inFavour: 'x',
        candidates: [{ id: 'A', votes: 1 }, { votes: 2 }, { id: 'A', votes: 3 }],
      },
      leadership,
    );
    expect(evaluation.details['problems']).toEqual([
      'summoned must be a non-negative whole number (got -1)',
      'present is required',
      'inFavour must be a non-negative whole number (got "x")',
      'candidates[1].id must be a non-empty string',
      'candidate A is listed more than once',
    ]);
  });
});
