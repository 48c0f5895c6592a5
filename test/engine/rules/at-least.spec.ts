import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { atLeastRule, type AtLeastParams } from '../../../src/engine/rules/at-least.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// QĐ 65 Art. 8: a rotation lasts at least 36 months, unless the competent authority decides otherwise.
const rotationLength: AtLeastParams = {
  path: 'subject.plannedMonths',
  min: 36,
  liftedBy: 'payload.exceptionRef',
  label: 'The planned rotation length in months',
};
const submit = (plannedMonths: number | string | null, payload: JsonObject = {}) =>
  atLeastRule.evaluate(
    ruleInput(rotationLength, { subject: { cadre: { id: 'c1' }, plannedMonths }, payload }),
  );

describe('atLeast (domain.md §5.6 scenario 33)', () => {
  it('33: a rotation planned for 24 months is refused', () => {
    const evaluation = submit(24);
    expect(evaluation).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
      details: {
        path: 'subject.plannedMonths',
        value: 24,
        min: 36,
        passed: false,
        lifted: false,
        exceptionRef: null,
      },
    });
    expect(evaluation.reason).toBe(
      'The planned rotation length in months is 24, below the minimum of 36 (no exception given at payload.exceptionRef).',
    );
    expectJsonOnly(evaluation);
  });

  it('33: …unless an exception reference is given, which is recorded', () => {
    const evaluation = submit(24, { exceptionRef: '12-QĐ/TW' });
    expect(evaluation).toMatchObject({
      satisfied: true,
      details: { value: 24, passed: false, lifted: true, exceptionRef: '12-QĐ/TW' },
    });
    expectJsonOnly(evaluation);
  });

  it.each([36, 48])('accepts %i months', (months) => {
    expect(submit(months)).toMatchObject({
      satisfied: true,
      details: { passed: true, lifted: false },
    });
  });

  it('does not mark an exception as used when the minimum is met anyway', () => {
    expect(submit(40, { exceptionRef: '12-QĐ/TW' }).details).toMatchObject({
      passed: true,
      lifted: false,
    });
  });

  it.each([['36'], [null]])('refuses a non-number %p as VALIDATION_FAILED', (value) => {
    expect(submit(value)).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
  });

  it('refuses an exception reference that is not a non-empty string', () => {
    expect(submit(24, { exceptionRef: '' })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
    });
    expect(submit(24, { exceptionRef: 5 })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
    });
  });

  it('uses the path as the label by default and reads the payload too', () => {
    const evaluation = atLeastRule.evaluate(
      ruleInput({ path: 'payload.headcount', min: 1 }, { payload: { headcount: 0 } }),
    );
    expect(evaluation.reason).toBe('payload.headcount is 0, below the minimum of 1.');
  });

  it('checks its params', () => {
    expect(atLeastRule.checkParams({ ...rotationLength })).toEqual([]);
    expect(
      atLeastRule.checkParams({
        path: 'plannedMonths',
        min: '36',
        liftedBy: 'payload.',
        extra: true,
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'path', message: expect.stringContaining('must match pattern') },
        { path: 'min', message: 'must be number' },
        { path: 'liftedBy', message: expect.stringContaining('must match pattern') },
        { path: 'extra', message: 'is not a parameter of this rule' },
      ]),
    );
    expect(atLeastRule.checkParams(undefined)).toEqual([
      { path: 'path', message: 'is required' },
      { path: 'min', message: 'is required' },
    ]);
    expect('results' in atLeastRule).toBe(false); // a gate
  });
});
