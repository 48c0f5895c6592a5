import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { collectRule, type CollectParams } from '../../../src/engine/rules/collect.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// rotation consultation: both units' opinions, each once (SPEC §5.3)
const consultation: CollectParams = {
  field: 'from',
  values: ['sendingUnit', 'receivingUnit'],
  fact: 'opinions',
};
const record = (payload: JsonObject, facts: JsonObject = {}) =>
  collectRule.evaluate(ruleInput(consultation, { type: 'RECORD_OPINION', payload, facts }));

describe('collect', () => {
  it('records the first opinion as PENDING', () => {
    const evaluation = record({
      from: 'receivingUnit',
      agrees: false,
      note: 'Chưa bố trí được nhà ở',
    });
    expect(evaluation).toMatchObject({
      satisfied: true,
      result: 'PENDING',
      details: {
        value: 'receivingUnit',
        recorded: ['receivingUnit'],
        missing: ['sendingUnit'],
        recordedBefore: [],
      },
    });
    expectJsonOnly(evaluation);
  });

  it('completes with the last one; a disagreement does not block', () => {
    const evaluation = record(
      { from: 'sendingUnit', agrees: true },
      { opinions: { receivingUnit: { from: 'receivingUnit', agrees: false } } },
    );
    expect(evaluation).toMatchObject({
      satisfied: true,
      result: 'COMPLETE',
      details: { recorded: ['sendingUnit', 'receivingUnit'], missing: [] },
    });
  });

  it('refuses an item already recorded (RULE_NOT_SATISFIED)', () => {
    const evaluation = record(
      { from: 'sendingUnit', agrees: true },
      { opinions: { sendingUnit: { agrees: true } } },
    );
    expect(evaluation).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
      reason: 'The sendingUnit item has already been recorded.',
    });
  });

  it.each([[{ from: 'ministry' }], [{ from: 3 }], [{}]])(
    'refuses %j as VALIDATION_FAILED',
    (payload) => {
      const evaluation = record(payload);
      expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
      expect(evaluation.reason).toContain('payload.from must be one of sendingUnit, receivingUnit');
    },
  );

  it('refuses when the fact is not an object', () => {
    expect(record({ from: 'sendingUnit' }, { opinions: ['sendingUnit'] })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
    });
  });

  it('lists its results and checks its params', () => {
    expect(collectRule.results?.(consultation)).toEqual(['COMPLETE', 'PENDING']);
    expect(collectRule.results?.({ ...consultation, values: ['only'] })).toEqual(['COMPLETE']);
    expect(collectRule.checkParams({ ...consultation, values: [...consultation.values] })).toEqual(
      [],
    );
    expect(collectRule.checkParams({ field: 'a.b', values: 'sendingUnit' })).toEqual([
      { path: 'fact', message: 'is required' },
      { path: 'field', message: 'must match pattern "^[^.]+$"' },
      { path: 'values', message: 'must be array' },
    ]);
  });
});

describe('collect into a fact named like Object.prototype (issue 11 item 8)', () => {
  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'records the first value in fact %s',
    (fact) => {
      const evaluation = collectRule.evaluate(
        ruleInput(
          { ...consultation, fact },
          { type: 'RECORD_OPINION', payload: { from: 'sendingUnit' } },
        ),
      );
      expect(evaluation).toMatchObject({ satisfied: true, result: 'PENDING' });
    },
  );
});
