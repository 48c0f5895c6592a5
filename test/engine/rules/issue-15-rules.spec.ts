/**
 * What issue 15's procedures add to the rules: `dismissalGrounds` turned round for the dismissal
 * procedure (domain.md §3.7; QĐ 377 [S:R33]); `dateOrder` with optional dates (a secondment's end);
 * `retirementHorizon`, the route a term's end takes (domain.md §3.3, scenario 21).
 */
import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import {
  dismissalGroundsRule,
  type DismissalGroundsParams,
} from '../../../src/engine/rules/dismissal-grounds.js';
import { dateOrderRule } from '../../../src/engine/rules/date-order.js';
import { retirementHorizonRule } from '../../../src/engine/rules/retirement-horizon.js';
import { statutoryRetirementDate } from '../../../src/engine/rules/retirement.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

const NOW = '2026-03-02T03:00:00Z';

const params: DismissalGroundsParams = {
  cadre: 'subject.cadre',
  mode: 'require',
  ground: 'payload.ground',
  source: 'QĐ 377-QĐ/TW (2025)',
  grounds: {
    disciplinesInTerm: { count: 2, levels: ['reprimand'] },
    consecutiveYearsNotCompleted: 2,
    lowConfidence: { numerator: 2, denominator: 3, inclusive: true },
    conclusions: ['politicalDegradation', 'disciplineLostPrestige'],
  },
  releaseFromPost: {
    unitTargetsAchievedBelowPercent: 70,
    basicTargetsMissed: 5,
    notWhen: ['forceMajeure'],
    minMonthsAsHead: 12,
  },
  unitResults: 'payload.unitResults',
};

const evaluate = (
  cadre: JsonObject,
  payload: JsonObject,
  overrides: Partial<DismissalGroundsParams> = {},
) =>
  dismissalGroundsRule.evaluate(
    ruleInput({ ...params, ...overrides }, {
      subject: { cadre: { id: 'c1', currentPositionSince: '2023-01-01', ...cadre } },
      payload,
      now: NOW,
      regulation: 'QĐ 377-QĐ/TW (2025)',
    } as never),
  );

describe('dismissalGrounds, mode require', () => {
  it('accepts the ground the proposal names when it holds (scenario 29: reprimanded twice in one term)', () => {
    const twice = {
      disciplines: [
        { level: 'reprimand', effectiveOn: '2024-01-01' },
        { level: 'reprimand', effectiveOn: '2025-01-01' },
      ],
    };
    const result = evaluate(twice, { ground: 'disciplinesInTerm' });
    expect(result).toMatchObject({
      satisfied: true,
      details: { ground: 'disciplinesInTerm', kind: 'dismissal', held: ['disciplinesInTerm'] },
    });
    expectJsonOnly(result);
    // Another ground named: refused, naming the ones that hold.
    expect(evaluate(twice, { ground: 'lowConfidence' })).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
      reason:
        'Cadre c1: the ground lowConfidence does not hold (QĐ 377-QĐ/TW (2025)); grounds that hold: disciplinesInTerm.',
    });
  });

  it('refuses a cadre reprimanded once: no ground', () => {
    const once = { disciplines: [{ level: 'reprimand', effectiveOn: '2025-01-01' }] };
    expect(evaluate(once, { ground: 'disciplinesInTerm' })).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
    });
    expect(evaluate(once, {}, { ground: undefined })).toMatchObject({
      satisfied: false,
      reason:
        'Cadre c1: no ground of dismissal or release from the post holds (QĐ 377-QĐ/TW (2025)).',
    });
  });

  it('names a conclusion by its kind', () => {
    const concluded = {
      conclusions: [{ kind: 'disciplineLostPrestige', documentRef: '12-KL/UBKTTU' }],
    };
    expect(evaluate(concluded, { ground: 'disciplineLostPrestige' }).satisfied).toBe(true);
    expect(evaluate(concluded, { ground: 'conclusions' }).satisfied).toBe(true);
    expect(evaluate(concluded, { ground: 'politicalDegradation' }).satisfied).toBe(false);
  });

  it('follows the low-confidence bound of the profile (scenario 30: 20 of 30)', () => {
    const vote = { lastConfidenceVote: { ballotsReturned: 30, low: 20 } };
    expect(evaluate(vote, { ground: 'lowConfidence' }).satisfied).toBe(true);
    const qd41 = {
      ...params.grounds,
      lowConfidence: { numerator: 2, denominator: 3, inclusive: false },
    };
    expect(evaluate(vote, { ground: 'lowConfidence' }, { grounds: qd41 }).satisfied).toBe(false);
  });

  it('requires the named ground to be given', () => {
    expect(evaluate({}, {})).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
  });

  describe('release from the post (QĐ 377 "cho thôi giữ chức vụ", scenario 28a)', () => {
    it('holds for a unit at 65% of its targets headed 3 years, not under force majeure', () => {
      const result = evaluate(
        {},
        { ground: 'releaseFromPost', unitResults: { year: 2025, targetsAchievedPercent: 65 } },
      );
      expect(result).toMatchObject({
        satisfied: true,
        details: { kind: 'releaseFromPost', checked: { releaseFromPost: { monthsAsHead: 38 } } },
      });
    });

    it('holds on 5 basic targets missed', () => {
      expect(
        evaluate(
          {},
          {
            ground: 'releaseFromPost',
            unitResults: { year: 2025, targetsAchievedPercent: 90, basicTargetsMissed: 5 },
          },
        ).satisfied,
      ).toBe(true);
    });

    it('does not hold for a head in post 8 months, under force majeure, or at 70%', () => {
      const low = { year: 2025, targetsAchievedPercent: 65 };
      expect(
        evaluate(
          { currentPositionSince: '2025-07-01' },
          { ground: 'releaseFromPost', unitResults: low },
        ).satisfied,
      ).toBe(false);
      expect(
        evaluate({}, { ground: 'releaseFromPost', unitResults: { ...low, forceMajeure: true } })
          .satisfied,
      ).toBe(false);
      expect(
        evaluate(
          {},
          { ground: 'releaseFromPost', unitResults: { year: 2025, targetsAchievedPercent: 70 } },
        ).satisfied,
      ).toBe(false);
    });

    it('refuses unit results of the wrong shape', () => {
      expect(
        evaluate({}, { ground: 'releaseFromPost', unitResults: { targetsAchievedPercent: -1 } }),
      ).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    });
  });

  it('checks its params: release needs unitResults, ground needs mode require', () => {
    expect(
      dismissalGroundsRule
        .checkParams({
          cadre: 'subject.cadre',
          grounds: { consecutiveYearsNotCompleted: 2 },
          releaseFromPost: {
            unitTargetsAchievedBelowPercent: 70,
            basicTargetsMissed: 5,
            minMonthsAsHead: 12,
          },
          ground: 'payload.ground',
        })
        .map((problem) => problem.path),
    ).toEqual(['unitResults', 'ground']);
  });

  it('keeps the bar mode of resignation unchanged', () => {
    const result = evaluate(
      { lastConfidenceVote: { ballotsReturned: 30, low: 20 } },
      {},
      { mode: undefined, ground: undefined },
    );
    expect(result).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
  });
});

describe('dateOrder, optional dates', () => {
  const params = {
    dates: ['payload.signedOn', 'payload.effectiveOn', 'subject.endsOn'],
    optional: ['subject.endsOn'],
  };
  const order = (payload: JsonObject, subject: JsonObject = {}) =>
    dateOrderRule.evaluate(ruleInput(params, { payload, subject, now: NOW }));
  const decision = { signedOn: '2026-03-01', effectiveOn: '2026-03-02' };

  it('skips an absent optional date, still checks the others', () => {
    expect(order(decision).satisfied).toBe(true);
    expect(order({ ...decision, effectiveOn: '2026-02-01' }).refusal).toBe('VALIDATION_FAILED');
  });

  it('checks a present optional date in its place', () => {
    expect(order(decision, { endsOn: '2027-03-01' }).satisfied).toBe(true);
    expect(order(decision, { endsOn: '2026-03-01' })).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
      reason: 'payload.effectiveOn (2026-03-02) is after subject.endsOn (2026-03-01).',
    });
  });

  it('refuses an optional path that is not one of the dates', () => {
    expect(
      dateOrderRule.checkParams({ dates: ['payload.a', '$today'], optional: ['payload.b'] }),
    ).toEqual([{ path: 'optional.0', message: 'payload.b is not one of dates' }]);
  });
});

describe('retirementHorizon (domain.md §3.3, scenario 21)', () => {
  const params = {
    cadre: 'subject.cadre',
    from: 'subject.termEndsOn',
    extensionBelowYears: 2,
    fullTermYears: 5,
  };
  const horizon = (dateOfBirth: string, termEndsOn = '2026-10-31', gender = 'male') =>
    retirementHorizonRule.evaluate(
      ruleInput(params, {
        subject: { cadre: { id: 'c1', gender, dateOfBirth }, termEndsOn },
        now: NOW,
      }),
    );

  it('routes 1 year 8 months left to an extension to retirement, not a reappointment', () => {
    const result = horizon('1966-06-15');
    expect(statutoryRetirementDate('male', '1966-06-15')).toBe('2028-06-30');
    expect(result).toMatchObject({
      satisfied: true,
      result: 'EXTENSION',
      details: { retirementDate: '2028-06-30', yearsLeft: 1, monthsLeft: 20 },
    });
    expectJsonOnly(result);
  });

  it('routes 4 years left to a reappointment whose term ends at retirement', () => {
    expect(horizon('1968-10-15')).toMatchObject({
      result: 'TO_RETIREMENT',
      details: { yearsLeft: 4 },
    });
  });

  it('gives a full term with 5 years or more left; exactly 2 years left is no extension', () => {
    expect(horizon('1980-05-10').result).toBe('FULL_TERM');
    const retirement = statutoryRetirementDate('female', '1975-03-10');
    const twoYearsBefore = `${Number(retirement.slice(0, 4)) - 2}${retirement.slice(4)}`;
    expect(horizon('1975-03-10', twoYearsBefore, 'female').result).toBe('TO_RETIREMENT');
  });

  it('refuses a cadre who retires by the end of the term, and a missing date', () => {
    expect(horizon('1960-01-01')).toMatchObject({
      satisfied: false,
      refusal: 'RULE_NOT_SATISFIED',
    });
    expect(
      retirementHorizonRule.evaluate(
        ruleInput(params, {
          subject: { cadre: { id: 'c1', gender: 'male', dateOfBirth: '1980-01-01' } },
        }),
      ),
    ).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
  });

  it('records the horizon as a fact', () => {
    const input = ruleInput(params, {
      subject: {
        cadre: { id: 'c1', gender: 'male', dateOfBirth: '1966-06-15' },
        termEndsOn: '2026-10-31',
      },
      facts: { other: 1 },
    });
    const evaluation = retirementHorizonRule.evaluate(input);
    expect(retirementHorizonRule.record?.({ ...input, evaluation })).toEqual({
      facts: {
        other: 1,
        retirementHorizon: {
          on: '2026-10-31',
          retirementDate: '2028-06-30',
          yearsLeft: 1,
          monthsLeft: 20,
          route: 'EXTENSION',
        },
      },
    });
  });

  it('checks its params', () => {
    expect(
      retirementHorizonRule.checkParams({ ...params, extensionBelowYears: 6 }).map((p) => p.path),
    ).toEqual(['extensionBelowYears']);
  });
});
