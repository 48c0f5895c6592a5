import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { selectionRule, type SelectionParams } from '../../../src/engine/rules/selection.js';
import { evaluateVote } from '../../../src/engine/rules/vote.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// Scenario 8: A=4 B=2 C=2 D=1 in a leadership of 9 → TIE_FOR_SECOND; the head keeps A and picks
// B or C. The vote's details are where the definition recorded them.
const vote = evaluateVote(
  {
    summoned: 9,
    present: 9,
    candidates: [
      { id: 'A', votes: 4 },
      { id: 'B', votes: 2 },
      { id: 'C', votes: 2 },
      { id: 'D', votes: 1 },
    ],
  },
  { base: 'TOTAL_MEMBERS', mode: 'candidates', noneAboveHalf: 'TOP_TWO' },
);
const headChoice: SelectionParams = {
  path: 'payload.nominees',
  from: ['facts.lastVote.details.ahead', 'facts.lastVote.details.tied'],
  mustInclude: 'facts.lastVote.details.ahead',
};
const facts: JsonObject = { lastVote: { result: vote.result ?? null, details: vote.details } };
const choose = (payload: JsonObject, params: SelectionParams = headChoice, f = facts) =>
  selectionRule.evaluate(ruleInput(params, { type: 'HEAD_DECIDE', payload, facts: f }));

describe('selection', () => {
  it('accepts the one ahead plus one of the tied', () => {
    expect(vote.result).toBe('TIE_FOR_SECOND');
    const evaluation = choose({ nominees: ['A', 'C'], justification: 'Kinh nghiệm địa bàn' });
    expect(evaluation).toMatchObject({
      satisfied: true,
      details: {
        allowed: ['A', 'B', 'C'],
        required: ['A'],
        outside: [],
        dropped: [],
        passed: true,
      },
    });
    expectJsonOnly(evaluation);
  });

  it('refuses a candidate who was neither ahead nor tied, naming them', () => {
    expect(choose({ nominees: ['A', 'D'] })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
      reason: 'D cannot be chosen (the choice is among A, B, C).',
      details: { outside: ['D'] },
    });
  });

  it('refuses a choice that drops the candidate ahead', () => {
    expect(choose({ nominees: ['B', 'C'] })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
      reason: 'the choice must keep A.',
      details: { dropped: ['A'] },
    });
  });

  it('checks a single id against one list; a missing list allows nothing', () => {
    const single: SelectionParams = { path: 'payload.choice', from: 'facts.shortlist' };
    expect(choose({ choice: 'B' }, single, { shortlist: [{ id: 'B' }] }).satisfied).toBe(true);
    expect(choose({ choice: 'B' }, single, {})).toMatchObject({
      satisfied: false,
      reason: 'B cannot be chosen (the choice is among none).',
    });
  });

  it('finds a vote recorded under a state id that contains dots', () => {
    const params: SelectionParams = {
      path: 'payload.nominees',
      from: 'facts.votes.proposal.leadershipNomination.ballot.details.tied',
    };
    const f = { votes: { 'proposal.leadershipNomination.ballot': { details: vote.details } } };
    expect(choose({ nominees: ['B'] }, params, f).satisfied).toBe(true);
  });

  it.each<[string, JsonObject, JsonObject, string]>([
    [
      'a chosen value that is not an id',
      { nominees: [1, 2] },
      facts,
      'payload.nominees must be an id or a list of ids.',
    ],
    [
      'a list that is not one of ids',
      { nominees: ['A'] },
      { lastVote: { details: { ahead: 'A', tied: [] } } },
      'facts.lastVote.details.ahead is not a list of ids.',
    ],
  ])('refuses %s as VALIDATION_FAILED', (_name, payload, f, reason) => {
    expect(choose(payload, headChoice, f)).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
      reason,
    });
  });

  it('checks its params', () => {
    expect(
      selectionRule.checkParams({
        path: 'payload.nominees',
        from: ['facts.a', 'facts.b'],
        mustInclude: 'facts.a',
      }),
    ).toEqual([]);
    const problems = selectionRule.checkParams({ path: 'nominees', from: [] });
    expect(problems).toContainEqual({
      path: 'path',
      message: 'must match pattern "^(subject|data|facts|payload)(\\.[^.]+)+$"',
    });
    expect(problems.map((p) => p.path)).toContain('from');
    expect(selectionRule.checkParams({ path: 'payload.x' })).toEqual([
      { path: 'from', message: 'is required' },
    ]);
    expect('results' in selectionRule).toBe(false);
  });
});
