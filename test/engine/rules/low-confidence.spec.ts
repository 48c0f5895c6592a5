import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import {
  confidenceBand,
  DEFAULT_CONFIDENCE_BANDS,
  lowConfidenceRule,
  type ConfidenceBands,
  type LowConfidenceParams,
} from '../../../src/engine/rules/low-confidence.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

// QĐ 41: dismissal above 2/3 (exclusive); QĐ 96 / NĐ 170: 2/3 or more (inclusive, the default).
const qd41: ConfidenceBands = {
  ...DEFAULT_CONFIDENCE_BANDS,
  upper: { numerator: 2, denominator: 3, inclusive: false },
};

describe('confidenceBand', () => {
  it.each<[string, number, number, ConfidenceBands, string]>([
    [
      'domain 37: 21 of 40 low (> 1/2, < 2/3)',
      40,
      21,
      DEFAULT_CONFIDENCE_BANDS,
      'RESIGNATION_OR_RELEASE',
    ],
    ['domain 38: 27 of 40 low (67.5%)', 40, 27, DEFAULT_CONFIDENCE_BANDS, 'DISMISSAL'],
    [
      'domain 30: exactly 20 of 30, QĐ 96 / NĐ 170 (≥ 2/3)',
      30,
      20,
      DEFAULT_CONFIDENCE_BANDS,
      'DISMISSAL',
    ],
    ['domain 30: exactly 20 of 30, QĐ 41 (> 2/3)', 30, 20, qd41, 'RESIGNATION_OR_RELEASE'],
    ['domain 26: 21 of 30', 30, 21, DEFAULT_CONFIDENCE_BANDS, 'DISMISSAL'],
    ['domain 26: 21 of 30 under QĐ 41', 30, 21, qd41, 'DISMISSAL'],
    ['exactly half is not more than half', 40, 20, DEFAULT_CONFIDENCE_BANDS, 'NONE'],
    ['nobody low', 40, 0, DEFAULT_CONFIDENCE_BANDS, 'NONE'],
    ['no ballots returned', 0, 0, DEFAULT_CONFIDENCE_BANDS, 'NONE'],
    ['all low', 7, 7, DEFAULT_CONFIDENCE_BANDS, 'DISMISSAL'],
  ])('%s → %s', (_name, ballots, low, bands, band) => {
    expect(confidenceBand(ballots, low, bands)).toBe(band);
  });

  it('makes the lower boundary inclusive when asked', () => {
    const bands: ConfidenceBands = {
      ...DEFAULT_CONFIDENCE_BANDS,
      lower: { numerator: 1, denominator: 2, inclusive: true },
    };
    expect(confidenceBand(40, 20, bands)).toBe('RESIGNATION_OR_RELEASE');
  });
});

describe('lowConfidence rule: resignation refused when dismissal is due (domain.md §5.4, §5.5)', () => {
  const resignation: LowConfidenceParams = { cadre: 'subject.cadre' };
  const submit = (
    lastConfidenceVote: JsonObject | null | undefined,
    params: LowConfidenceParams = resignation,
  ) => {
    const cadre: JsonObject = { id: 'c1', fullName: 'Lê Văn Cường' };
    if (lastConfidenceVote !== undefined) cadre['lastConfidenceVote'] = lastConfidenceVote;
    return lowConfidenceRule.evaluate(
      ruleInput(params, { subject: { cadre, position: 'Chánh Văn phòng' } }),
    );
  };

  it('26: 21 of 30 low → must be dismissed instead, resignation refused', () => {
    const evaluation = submit({ ballotsReturned: 30, low: 21 });
    expect(evaluation).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
      details: { band: 'DISMISSAL', refused: true },
    });
    expect(evaluation.reason).toBe(
      'Cadre c1 must be considered for dismissal instead: 21 of 30 ballots returned rated low confidence, at least 2/3.',
    );
    expect(evaluation.details['upper']).toEqual({
      fraction: '2/3',
      inclusive: true,
      test: 'low·3 ≥ ballotsReturned·2',
      comparison: '21·3 (63) > 30·2 (60)',
      reached: true,
    });
    expectJsonOnly(evaluation);
  });

  it('30: exactly 2/3 refuses under QĐ 96 / NĐ 170 and allows resignation under QĐ 41', () => {
    expect(submit({ ballotsReturned: 30, low: 20 }).satisfied).toBe(false);
    const underQd41 = submit(
      { ballotsReturned: 30, low: 20 },
      { ...resignation, upper: { numerator: 2, denominator: 3, inclusive: false } },
    );
    expect(underQd41).toMatchObject({
      satisfied: true,
      details: { band: 'RESIGNATION_OR_RELEASE', refused: false },
    });
  });

  it('allows resignation in the resignation band and with no confidence vote', () => {
    expect(submit({ ballotsReturned: 40, low: 21 })).toMatchObject({
      satisfied: true,
      details: { band: 'RESIGNATION_OR_RELEASE' },
    });
    expect(submit(undefined)).toMatchObject({
      satisfied: true,
      details: { band: 'NONE', lastConfidenceVote: null },
    });
    expect(submit(null).satisfied).toBe(true);
  });

  it('refuses the bands it is told to', () => {
    const evaluation = submit(
      { ballotsReturned: 40, low: 21 },
      { ...resignation, refuseBands: ['RESIGNATION_OR_RELEASE', 'DISMISSAL'] },
    );
    expect(evaluation.reason).toBe(
      'Cadre c1 must be considered for release from the post or reassignment instead: 21 of 40 ballots returned rated low confidence, more than 1/2.',
    );
  });

  it.each([
    ['more low ratings than ballots', { ballotsReturned: 10, low: 11 }],
    ['a negative count', { ballotsReturned: 10, low: -1 }],
    ['a missing count', { low: 3 }],
  ])('refuses %s as VALIDATION_FAILED', (_name, vote) => {
    expect(submit(vote)).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
  });

  it('refuses when there is no cadre at the path', () => {
    const evaluation = lowConfidenceRule.evaluate(ruleInput(resignation, { subject: {} }));
    expect(evaluation).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
      reason: 'There is no cadre at subject.cadre.',
    });
  });
});

describe('lowConfidence params', () => {
  it('accepts the profiles', () => {
    expect(lowConfidenceRule.checkParams({ cadre: 'subject.cadre' })).toEqual([]);
    expect(
      lowConfidenceRule.checkParams({
        cadre: 'subject.cadre',
        refuseBands: ['DISMISSAL'],
        lower: { numerator: 1, denominator: 2, inclusive: false },
        upper: { numerator: 2, denominator: 3 },
      }),
    ).toEqual([]);
  });

  it('reports every problem with its path', () => {
    expect(
      lowConfidenceRule.checkParams({
        cadre: 'cadre',
        refuseBands: ['NONE'],
        lower: { numerator: 1 },
        upper: { numerator: 2, denominator: 3, inclusive: 'yes' },
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'cadre', message: expect.stringContaining('must match pattern') },
        { path: 'refuseBands.0', message: 'must be one of "RESIGNATION_OR_RELEASE", "DISMISSAL"' },
        { path: 'lower.denominator', message: 'is required' },
        { path: 'upper.inclusive', message: 'must be boolean' },
      ]),
    );
  });

  it('refuses a fraction above one and an upper boundary below the lower one', () => {
    expect(
      lowConfidenceRule.checkParams({
        cadre: 'subject.cadre',
        upper: { numerator: 4, denominator: 3 },
      }),
    ).toEqual([
      {
        path: 'upper.numerator',
        message: 'must not exceed the denominator (4/3 is more than the whole)',
      },
    ]);
    expect(
      lowConfidenceRule.checkParams({
        cadre: 'subject.cadre',
        upper: { numerator: 1, denominator: 3 },
      }),
    ).toEqual([{ path: 'upper', message: 'must not be below lower (1/3 < 1/2)' }]);
  });
});
