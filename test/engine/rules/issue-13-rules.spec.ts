/** The rules issue 13 adds: tieBreak, freeze, termOfOffice, dismissalGrounds, dateOrder. */
import { describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import { dateOrderRule } from '../../../src/engine/rules/date-order.js';
import {
  dismissalGroundsRule,
  type DismissalGroundsParams,
} from '../../../src/engine/rules/dismissal-grounds.js';
import { freezeRule } from '../../../src/engine/rules/freeze.js';
import { termEnd, termOfOfficeRule } from '../../../src/engine/rules/term-of-office.js';
import { tieBreakRule } from '../../../src/engine/rules/tie-break.js';
import { expectJsonOnly, ruleInput } from './rule-input.js';

const NOW = '2026-03-02T03:00:00Z';

describe('tieBreak (SPEC §4.2)', () => {
  const tie = (details: JsonObject) => ({ lastVote: { result: 'TIE', details } });
  const decide = (payload: JsonObject, details: JsonObject) =>
    tieBreakRule.evaluate(ruleInput({}, { payload, facts: tie(details) }));

  it('requires `chosen` when two candidates are tied for one post, and carries only that one', () => {
    const details = { tied: ['A', 'B'], openSlots: 1, selected: ['A', 'B'] };
    expect(decide({ outcome: 'approve' }, details)).toMatchObject({
      satisfied: false,
      refusal: 'VALIDATION_FAILED',
    });
    expect(decide({ outcome: 'approve', chosen: 'C' }, details).reason).toBe(
      'C was not among those tied (A, B).',
    );
    const chosen = decide({ outcome: 'approve', chosen: 'B' }, details);
    expect(chosen).toMatchObject({
      satisfied: true,
      result: 'approve',
      details: { nominees: ['B'] },
    });
    expectJsonOnly(chosen);
  });

  it('keeps those ahead and fills the open posts among the tied', () => {
    const details = { ahead: ['A'], tied: ['B', 'C', 'D'], openSlots: 2 };
    expect(decide({ outcome: 'approve', chosen: ['B', 'D'] }, details).details['nominees']).toEqual(
      ['A', 'B', 'D'],
    );
    expect(decide({ outcome: 'approve', chosen: ['B'] }, details).refusal).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('needs no choice when the tied fit the posts, and none after a yes/no tie', () => {
    expect(
      decide({ outcome: 'approve' }, { tied: ['A'], openSlots: 1 }).details['nominees'],
    ).toEqual(['A']);
    expect(decide({ outcome: 'approve' }, {}).result).toBe('approve');
    expect(decide({ outcome: 'approve', chosen: 'A' }, {}).refusal).toBe('VALIDATION_FAILED');
  });

  it('rejects without a choice, and refuses a choice given with a rejection', () => {
    const details = { tied: ['A', 'B'], openSlots: 1 };
    expect(decide({ outcome: 'reject' }, details).result).toBe('reject');
    expect(decide({ outcome: 'reject', chosen: 'A' }, details).refusal).toBe('VALIDATION_FAILED');
  });

  it('refuses when no tie is recorded', () => {
    const evaluation = tieBreakRule.evaluate(ruleInput({}, { payload: { outcome: 'approve' } }));
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
  });
});

describe('freeze (HD 02-HD/TW)', () => {
  const subject: JsonObject = { candidates: [{ id: 'c1' }, { id: 'c2', freezes: [] }] };
  const record = (payload: JsonObject, facts: JsonObject = {}) =>
    freezeRule.evaluate(
      ruleInput(
        { mode: 'record', cadres: 'subject.candidates' },
        { subject, facts, payload, now: NOW },
      ),
    );
  const lift = (payload: JsonObject, facts: JsonObject) =>
    freezeRule.evaluate(
      ruleInput(
        { mode: 'lift', cadres: 'subject.candidates' },
        { subject, facts, payload, now: NOW },
      ),
    );
  const inspection = { kind: 'inspection', since: '2026-03-01' };

  it('suspends for a candidate in contention, records only for one out of it', () => {
    expect(record({ cadreId: 'c1', freeze: inspection }, { nominees: ['c1'] }).result).toBe(
      'SUSPENDED',
    );
    expect(record({ cadreId: 'c2', freeze: inspection }, { nominees: ['c1'] }).result).toBe(
      'RECORDED',
    );
    expect(record({ cadreId: 'c1', freeze: { kind: 'audit', since: '2026-04-01' } }).result).toBe(
      'RECORDED',
    );
    expect(record({ cadreId: 'c1', freeze: inspection }).details['freezes']).toEqual({
      c1: [inspection],
    });
  });

  it('refuses a cadre who is not of the case', () => {
    expect(record({ cadreId: 'c9', freeze: inspection }).refusal).toBe('VALIDATION_FAILED');
  });

  it('lifts the open freezes; CLEARED only when nobody in contention is still frozen', () => {
    const facts = {
      nominees: ['c1', 'c2'],
      freezes: { c1: [inspection], c2: [{ kind: 'audit', since: '2026-02-01' }] },
    };
    const first = lift({ cadreId: 'c1', liftedOn: '2026-03-02' }, facts);
    expect(first).toMatchObject({ result: 'STILL_FROZEN', details: { stillFrozen: ['c2'] } });
    const second = lift(
      { cadreId: 'c2' },
      { ...facts, freezes: first.details['freezes'] as JsonObject },
    );
    expect(second.result).toBe('CLEARED');
  });

  it('refuses to lift what is not open, or on a day that has not come', () => {
    expect(lift({ cadreId: 'c1' }, {}).refusal).toBe('RULE_NOT_SATISFIED');
    expect(
      lift({ cadreId: 'c1', liftedOn: '2026-03-09' }, { freezes: { c1: [inspection] } }).refusal,
    ).toBe('VALIDATION_FAILED');
    expect(
      lift({ cadreId: 'c1', liftedOn: '2026-02-01' }, { freezes: { c1: [inspection] } }).refusal,
    ).toBe('VALIDATION_FAILED');
  });
});

describe('termOfOffice (NĐ 170 Art. 28; SPEC §5.2)', () => {
  const subject = {
    candidates: [
      { id: 'm', gender: 'male', dateOfBirth: '1966-06-10' },
      { id: 'y', gender: 'female', dateOfBirth: '1985-01-01' },
    ],
  };
  const decide = (payload: JsonObject, nominees: string[], now = NOW) =>
    termOfOfficeRule.evaluate(
      ruleInput(
        { cadres: 'subject.candidates', selectFact: 'nominees', termYears: 5 },
        { subject, facts: { nominees }, payload, now },
      ),
    );

  it('ends the term at retirement (30/06/2028) for a man born 10/06/1966 appointed from 01/01/2026', () => {
    expect(termEnd('2026-01-01', 5, '2028-06-30')).toEqual({
      termEndsOn: '2028-06-30',
      fullTermEndsOn: '2031-01-01',
      cappedByRetirement: true,
    });
    const evaluation = decide(
      { signedOn: '2025-12-20', effectiveOn: '2026-01-01' },
      ['m'],
      '2025-12-22T03:00:00Z',
    );
    expect(evaluation).toMatchObject({ satisfied: true, details: { termEndsOn: '2028-06-30' } });
    expectJsonOnly(evaluation);
  });

  it('gives each appointee their own term, and no common end when they differ', () => {
    const evaluation = decide({ signedOn: '2026-03-01', effectiveOn: '2026-03-02' }, ['m', 'y']);
    expect(evaluation.details['termEndsOn']).toBeUndefined();
    expect(evaluation.details['terms']).toMatchObject({
      m: { termEndsOn: '2028-06-30' },
      y: { termEndsOn: '2031-03-02' },
    });
  });

  it('refuses a decision signed after it takes effect, or after it is recorded', () => {
    expect(decide({ signedOn: '2026-01-05', effectiveOn: '2026-01-01' }, ['y']).refusal).toBe(
      'VALIDATION_FAILED',
    );
    expect(decide({ signedOn: '2026-03-05', effectiveOn: '2026-03-05' }, ['y']).refusal).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('refuses to appoint from a day the appointee has already retired', () => {
    expect(
      decide({ signedOn: '2026-03-01', effectiveOn: '2028-07-01' }, ['m'], '2028-07-02T03:00:00Z')
        .refusal,
    ).toBe('RULE_NOT_SATISFIED');
  });
});

describe('dismissalGrounds (QĐ 41 Art. 3; QĐ 377)', () => {
  const params: DismissalGroundsParams = {
    cadre: 'subject.cadre',
    grounds: {
      disciplinesInTerm: { count: 2, levels: ['reprimand'] },
      consecutiveYearsNotCompleted: 2,
      lowConfidence: { numerator: 2, denominator: 3, inclusive: true },
      conclusions: ['politicalDegradation'],
    },
  };
  const check = (cadre: JsonObject) =>
    dismissalGroundsRule.evaluate(
      ruleInput(params, {
        subject: { cadre: { id: 'c1', currentPositionSince: '2023-01-01', ...cadre } },
        now: NOW,
        regulation: 'QĐ 377-QĐ/TW (2025)',
      } as never),
    );

  it('passes a cadre with no ground', () => {
    expect(check({}).satisfied).toBe(true);
  });

  it.each<[string, JsonObject]>([
    [
      'two reprimands in the term',
      {
        disciplines: [
          { level: 'reprimand', effectiveOn: '2024-01-01' },
          { level: 'reprimand', effectiveOn: '2025-01-01' },
        ],
      },
    ],
    [
      'two consecutive years not completing duties',
      {
        ratings: [
          { year: 2023, rating: 'notCompleted' },
          { year: 2024, rating: 'notCompleted' },
        ],
      },
    ],
    [
      '20 of 30 rated low confidence (exactly 2/3, domain.md scenario 30)',
      { lastConfidenceVote: { ballotsReturned: 30, low: 20 } },
    ],
    [
      'a conclusion of degradation',
      { conclusions: [{ kind: 'politicalDegradation', documentRef: '5-KL/UBKT' }] },
    ],
  ])('refuses a resignation for %s', (_name, cadre) => {
    expect(check(cadre)).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
  });

  it('does not count a reprimand from before the term, nor years that are not consecutive', () => {
    expect(
      check({
        disciplines: [
          { level: 'reprimand', effectiveOn: '2022-06-01' },
          { level: 'reprimand', effectiveOn: '2025-01-01' },
        ],
      }).satisfied,
    ).toBe(true);
    expect(
      check({
        ratings: [
          { year: 2023, rating: 'notCompleted' },
          { year: 2025, rating: 'notCompleted' },
        ],
      }).satisfied,
    ).toBe(true);
    expect(check({ lastConfidenceVote: { ballotsReturned: 30, low: 19 } }).satisfied).toBe(true);
  });
});

describe('dateOrder', () => {
  const order = (payload: JsonObject) =>
    dateOrderRule.evaluate(
      ruleInput({ dates: ['payload.letterReceivedOn', '$today'] }, { payload, now: NOW }),
    );
  it('accepts dates in order, refuses a later one and a missing one', () => {
    expect(order({ letterReceivedOn: '2026-03-02' }).satisfied).toBe(true);
    expect(order({ letterReceivedOn: '2026-03-03' }).reason).toBe(
      'payload.letterReceivedOn (2026-03-03) is after today (2026-03-02).',
    );
    expect(order({}).refusal).toBe('VALIDATION_FAILED');
  });
});
