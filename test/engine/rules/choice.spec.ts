import { describe, expect, it } from '@jest/globals';
import { choiceRule, type ChoiceParams } from '../../../src/engine/rules/choice.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// HEAD_DECIDE after a tie at exactly half (SPEC §4.2)
const headDecides: ChoiceParams = { field: 'outcome', values: ['approve', 'reject'] };
const head = { id: 'head-1', roles: ['head'] };

describe('choice', () => {
  it.each(['approve', 'reject'])('decides %s', (outcome) => {
    const evaluation = choiceRule.evaluate(
      ruleInput(headDecides, {
        type: 'HEAD_DECIDE',
        actor: head,
        payload: { outcome, justification: 'Ý kiến khác nhau đã báo cáo' },
      }),
    );
    expect(evaluation).toEqual({
      rule: 'choice',
      satisfied: true,
      result: outcome,
      details: { field: 'outcome', values: ['approve', 'reject'], value: outcome, result: outcome },
    });
    expectJsonOnly(evaluation);
  });

  it.each([[{ outcome: 'abstain' }], [{ outcome: 1 }], [{}]])(
    'refuses %j as VALIDATION_FAILED',
    (payload) => {
      const evaluation = choiceRule.evaluate(ruleInput(headDecides, { actor: head, payload }));
      expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
      expect(evaluation.reason).toContain('payload.outcome must be one of approve, reject');
    },
  );

  it('reads a nested payload field', () => {
    const params: ChoiceParams = { field: 'decision.outcome', values: ['approve', 'reject'] };
    expect(
      choiceRule.evaluate(ruleInput(params, { payload: { decision: { outcome: 'reject' } } }))
        .result,
    ).toBe('reject');
  });

  it('lists its values as results and checks its params', () => {
    expect(choiceRule.results?.(headDecides)).toEqual(['approve', 'reject']);
    expect(choiceRule.checkParams({ field: 'outcome', values: ['approve', 'reject'] })).toEqual([]);
    expect(choiceRule.checkParams({ field: '', values: ['a', 'a'] })).toEqual(
      expect.arrayContaining([
        { path: 'field', message: expect.stringContaining('must match pattern') },
        { path: 'values', message: 'must not contain duplicates' },
      ]),
    );
    expect(choiceRule.checkParams({ values: [] })).toEqual([
      { path: 'field', message: 'is required' },
      { path: 'values', message: 'must NOT have fewer than 1 items' },
    ]);
  });
});
