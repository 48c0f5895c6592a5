import { describe, expect, it } from '@jest/globals';
import type { JsonObject, JsonValue } from '../../../src/engine/definition/json.js';
import {
  eligibilityRule,
  isFreezeActive,
  type EligibilityParams,
} from '../../../src/engine/rules/eligibility.js';
import { expectJsonOnly, ruleInput, type InputOverrides } from './rule-input.js';

// 2025-06-15 10:00 in Hanoi
const NOW = '2025-06-15T03:00:00Z';

// Eligible under every check on 2025-06-15: 11y9m to retirement (62, end of March 2037),
// 53 months in post, in planning, no discipline, no freeze.
const an: JsonObject = {
  id: 'c1',
  fullName: 'Nguyễn Văn An',
  gender: 'male',
  dateOfBirth: '1975-03-15',
  currentPosition: 'Phó Giám đốc Sở',
  currentPositionSince: '2021-01-01',
  inPlanning: true,
  disciplines: [],
  freezes: [],
};
const binh: JsonObject = {
  ...an,
  id: 'c2',
  fullName: 'Trần Thị Bình',
  gender: 'female',
  dateOfBirth: '1980-08-20',
};

// appointment step 1, QĐ 80 profile (SPEC §5.2)
const qd80Appointment: EligibilityParams = {
  cadres: 'subject.candidates',
  select: 'eligible',
  exceptions: 'exceptions',
  checks: {
    planning: true,
    minYearsToRetirement: 5,
    minMonthsInPost: 24,
    disciplineWaitMonths: { reprimand: 12, warning: 30, removal: 60 },
    notFrozen: true,
  },
};
const qd377Appointment: EligibilityParams = {
  ...qd80Appointment,
  checks: {
    ...qd80Appointment.checks,
    disciplineWaitMonths: { reprimand: 24, warning: 36, removal: 60 },
  },
};
// resignation SUBMIT: frozen or protected duty → not considered (domain.md §3.6); no exception lifts it
const resignation: EligibilityParams = {
  cadres: 'subject.cadre',
  checks: { notFrozen: true, noProtectedDuty: true },
  liftedByException: [],
};
// rotation SUBMIT (SPEC §5.3): planning, ≥ 10 years to retirement, not frozen; exceptionRef lifts
const rotation: EligibilityParams = {
  cadres: 'subject.cadre',
  exceptions: 'exceptionRef',
  checks: { planning: true, minYearsToRetirement: 10, notFrozen: true },
};

const appoint = (candidate: JsonObject, params = qd80Appointment, overrides: InputOverrides = {}) =>
  eligibilityRule.evaluate(
    ruleInput(params, {
      now: NOW,
      subject: {
        position: { title: 'Giám đốc Sở', unit: 'Sở Tài chính' },
        candidates: [candidate, binh],
      },
      payload: { eligible: [candidate['id'] as string] },
      ...overrides,
    }),
  );
const withException = (id: string): InputOverrides => ({
  payload: { eligible: [id], exceptions: { [id]: '123-QĐ/TU' } },
});
const checkOf = (evaluation: { details: JsonObject }, check: string, cadre = 0) =>
  ((evaluation.details['cadres'] as JsonObject[])[cadre]?.['checks'] as JsonObject)[
    check
  ] as JsonObject;

describe('eligibility: domain.md §5.2 scenarios', () => {
  it('accepts a candidate meeting every condition, recording each computed value', () => {
    const evaluation = appoint(an);
    expect(evaluation).toMatchObject({
      rule: 'eligibility',
      satisfied: true,
      details: { date: '2025-06-15', eligible: ['c1'], ineligible: [] },
    });
    expect(evaluation.result).toBeUndefined();
    expect((evaluation.details['cadres'] as JsonObject[])[0]).toEqual({
      id: 'c1',
      fullName: 'Nguyễn Văn An',
      exceptionRef: null,
      liftedByException: [],
      eligible: true,
      checks: {
        planning: { status: 'passed', inPlanning: true },
        minYearsToRetirement: {
          status: 'passed',
          gender: 'male',
          dateOfBirth: '1975-03-15',
          age: { years: 50, months: 3 },
          retirementAge: { years: 62, months: 0 },
          retirementAgeReachedOn: '2037-03-15',
          retirementDate: '2037-03-31',
          timeLeft: { years: 11, months: 9 },
          monthsLeft: 141,
          requiredYears: 5,
          requiredMonths: 60,
        },
        minMonthsInPost: {
          status: 'passed',
          currentPositionSince: '2021-01-01',
          monthsInPost: 53,
          requiredMonths: 24,
        },
        disciplineWaitMonths: {
          status: 'passed',
          waitMonths: { reprimand: 12, warning: 30, removal: 60 },
          disciplines: [],
        },
        notFrozen: { status: 'passed', freezes: [], active: [] },
      },
    });
    expectJsonOnly(evaluation);
  });

  it.each<[string, JsonObject, string, string]>([
    [
      '10: not in planning',
      { ...an, inPlanning: false },
      'planning',
      'c1 (Nguyễn Văn An): not in planning for the title',
    ],
    [
      '11: 20 months in the current post',
      { ...an, currentPositionSince: '2023-10-15' },
      'minMonthsInPost',
      '20 months in the current post, fewer than the 24 required',
    ],
    [
      '12: age 57y3m, retirement at 62 → 4y9m left',
      { ...an, dateOfBirth: '1968-03-15' },
      'minYearsToRetirement',
      '4y9m left before retirement on 2030-03-31, less than the 5 years required',
    ],
  ])(
    'scenario %s → ineligible, unless an exception lifts it',
    (_name, candidate, check, reason) => {
      const refused = appoint(candidate);
      expect(refused).toMatchObject({
        satisfied: false,
        refusal: 'RULE_NOT_SATISFIED',
        details: { ineligible: ['c1'] },
      });
      expect(refused.reason).toContain(reason);
      expect(checkOf(refused, check)['status']).toBe('failed');
      expectJsonOnly(refused);

      const lifted = appoint(candidate, qd80Appointment, withException('c1'));
      expect(lifted.satisfied).toBe(true);
      expect(checkOf(lifted, check)['status']).toBe('lifted');
      expect((lifted.details['cadres'] as JsonObject[])[0]).toMatchObject({
        exceptionRef: '123-QĐ/TU',
        liftedByException: [check],
        eligible: true,
      });
    },
  );

  it('scenario 12: age 57y3m at dossier receipt is 4y9m before a retirement age of 62', () => {
    const details = checkOf(appoint({ ...an, dateOfBirth: '1968-03-15' }), 'minYearsToRetirement');
    expect(details).toMatchObject({
      age: { years: 57, months: 3 },
      retirementAge: { years: 62, months: 0 },
      timeLeft: { years: 4, months: 9 },
      monthsLeft: 57,
    });
  });

  it('scenario 12: appointment to an equal or lower post skips the age check', () => {
    const { minYearsToRetirement: _skipped, ...checks } = qd80Appointment.checks;
    const evaluation = appoint(
      { ...an, dateOfBirth: '1968-03-15' },
      { ...qd80Appointment, checks },
    );
    expect(evaluation.satisfied).toBe(true);
    expect(checkOf(evaluation, 'minMonthsInPost')['status']).toBe('passed');
    expect(checkOf(evaluation, 'minYearsToRetirement')).toBeUndefined();
  });

  // Reprimand effective 2025-01-10. The date is the event's date in Vietnam (UTC+7).
  it.each<[string, EligibilityParams, string, boolean, string]>([
    ['QĐ 80, 2026-01-09 in Hanoi', qd80Appointment, '2026-01-09T16:59:59Z', false, '2026-01-10'],
    [
      'QĐ 80, 2026-01-10 in Hanoi (still 2026-01-09 in UTC)',
      qd80Appointment,
      '2026-01-09T17:00:00Z',
      true,
      '2026-01-10',
    ],
    ['QĐ 377, 2026-01-10', qd377Appointment, '2026-01-10T03:00:00Z', false, '2027-01-10'],
    ['QĐ 377, 2027-01-09', qd377Appointment, '2027-01-09T03:00:00Z', false, '2027-01-10'],
    ['QĐ 377, 2027-01-10', qd377Appointment, '2027-01-10T03:00:00Z', true, '2027-01-10'],
  ])(
    'scenario 13: reprimand of 2025-01-10 under %s → eligible %p',
    (_name, params, now, eligible, waitEndsOn) => {
      const reprimanded = {
        ...an,
        disciplines: [{ level: 'reprimand', effectiveOn: '2025-01-10' }],
      };
      const evaluation = appoint(reprimanded, params, { now });
      expect(evaluation.satisfied).toBe(eligible);
      expect(checkOf(evaluation, 'disciplineWaitMonths')['disciplines']).toEqual([
        {
          level: 'reprimand',
          effectiveOn: '2025-01-10',
          waitMonths: params.checks.disciplineWaitMonths?.reprimand,
          waitEndsOn,
          over: eligible,
        },
      ]);
      if (!eligible)
        expect(evaluation.reason).toContain(
          `reprimand effective 2025-01-10 runs until ${waitEndsOn}`,
        );
    },
  );

  it('does not let an exception lift a discipline waiting period or a freeze by default', () => {
    const candidate = {
      ...an,
      disciplines: [{ level: 'warning', effectiveOn: '2024-01-01' }],
      freezes: [{ kind: 'inspection', since: '2025-05-01' }],
    };
    const evaluation = appoint(candidate, qd80Appointment, withException('c1'));
    expect(evaluation.satisfied).toBe(false);
    expect(evaluation.reason).toBe(
      'Not eligible on 2025-06-15. c1 (Nguyễn Văn An): the 30-month wait after the warning effective 2024-01-01 runs until 2026-07-01; frozen by inspection since 2025-05-01.',
    );
  });

  it('names each failing cadre and check', () => {
    const evaluation = eligibilityRule.evaluate(
      ruleInput(qd80Appointment, {
        now: NOW,
        subject: {
          candidates: [
            { ...an, inPlanning: false },
            { ...binh, currentPositionSince: '2024-06-16' },
          ],
        },
        payload: { eligible: ['c2', 'c1'] },
      }),
    );
    expect(evaluation.reason).toBe(
      'Not eligible on 2025-06-15. c2 (Trần Thị Bình): 11 months in the current post, fewer than the 24 required. c1 (Nguyễn Văn An): not in planning for the title.',
    );
    expect(evaluation.details).toMatchObject({ eligible: [], ineligible: ['c2', 'c1'] });
  });

  it('checks every cadre at the path when there is no select field', () => {
    const params: EligibilityParams = { cadres: 'subject.candidates', checks: { planning: true } };
    const evaluation = eligibilityRule.evaluate(
      ruleInput(params, { subject: { candidates: [an, { ...binh, inPlanning: false }] } }),
    );
    expect(evaluation.details).toMatchObject({ eligible: ['c1'], ineligible: ['c2'] });
  });

  it('selects the cadres listed in a fact (the nominees at decision time)', () => {
    const params: EligibilityParams = {
      cadres: 'subject.candidates',
      selectFact: 'nominees',
      checks: { notFrozen: true },
    };
    const frozenBinh = { ...binh, freezes: [{ kind: 'investigation', since: '2025-01-01' }] };
    const decide = (nominees?: JsonValue) =>
      eligibilityRule.evaluate(
        ruleInput(params, {
          subject: { candidates: [an, frozenBinh] },
          facts: nominees === undefined ? {} : { nominees },
        }),
      );
    expect(decide(['c1']).details).toMatchObject({ eligible: ['c1'], ineligible: [] });
    expect(decide([{ id: 'c2' }]).details).toMatchObject({ eligible: [], ineligible: ['c2'] });
    expect(decide(undefined)).toMatchObject({
      refusal: 'VALIDATION_FAILED',
      reason:
        'The cadres cannot be checked: facts.nominees must be a non-empty array of cadre ids.',
    });
    expect(decide(['c3']).reason).toContain('c3 is not a cadre of this case (c1, c2)');
  });

  it('applies a single exception reference to every checked cadre', () => {
    const evaluation = appoint({ ...an, inPlanning: false }, qd80Appointment, {
      payload: { eligible: ['c1', 'c2'], exceptions: '45-QĐ/TW' },
    });
    expect(evaluation.satisfied).toBe(true);
    expect((evaluation.details['cadres'] as JsonObject[]).map((c) => c['exceptionRef'])).toEqual([
      '45-QĐ/TW',
      '45-QĐ/TW',
    ]);
  });
});

describe('eligibility: resignation (domain.md §5.4 scenario 25)', () => {
  const submit = (cadre: JsonObject, facts: JsonObject = {}, now = NOW) =>
    eligibilityRule.evaluate(
      ruleInput(resignation, {
        now,
        subject: { cadre, position: 'Giám đốc Sở' },
        facts,
        payload: { ground: 'personal', exceptionRef: 'x' },
      }),
    );

  it('25: a cadre under inspection is not considered', () => {
    const evaluation = submit({ ...an, freezes: [{ kind: 'inspection', since: '2025-05-01' }] });
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'RULE_NOT_SATISFIED' });
    expect(evaluation.reason).toBe(
      'Not eligible on 2025-06-15. c1 (Nguyễn Văn An): frozen by inspection since 2025-05-01.',
    );
    expect(checkOf(evaluation, 'notFrozen')).toEqual({
      status: 'failed',
      freezes: [{ kind: 'inspection', since: '2025-05-01', recordedIn: 'subject', active: true }],
      active: ['inspection'],
    });
  });

  it('25: a freeze recorded after the case opened counts too', () => {
    const evaluation = submit(an, {
      freezes: { c1: [{ kind: 'investigation', since: '2025-06-10' }], c9: [] },
    });
    expect(evaluation.satisfied).toBe(false);
    expect(checkOf(evaluation, 'notFrozen')['freezes']).toEqual([
      { kind: 'investigation', since: '2025-06-10', recordedIn: 'facts', active: true },
    ]);
  });

  it.each([
    ['ended before the date', { kind: 'audit', since: '2025-01-01', until: '2025-06-14' }, true],
    ['ending on the date', { kind: 'audit', since: '2025-01-01', until: '2025-06-15' }, false],
    ['starting on the date', { kind: 'denunciation', since: '2025-06-15' }, false],
    ['starting after the date', { kind: 'disciplinaryReview', since: '2025-06-16' }, true],
  ])('a freeze %s → eligible %p', (_name, freeze, eligible) => {
    expect(submit({ ...an, freezes: [freeze] }).satisfied).toBe(eligible);
  });

  it('refuses a cadre holding a protected duty', () => {
    const evaluation = submit({ ...an, protectedDuty: true });
    expect(evaluation.reason).toBe(
      'Not eligible on 2025-06-15. c1 (Nguyễn Văn An): holds a protected duty.',
    );
    expect(checkOf(evaluation, 'noProtectedDuty')).toEqual({
      status: 'failed',
      protectedDuty: true,
    });
  });
});

describe('eligibility: rotation (domain.md §5.6 scenario 32)', () => {
  // 1978-09-01 man: retires at 62 at the end of September 2040; on 2032-06-15, 8y3m are left.
  const cadre = { ...an, dateOfBirth: '1978-09-01' };
  const submit = (payload: JsonObject) =>
    eligibilityRule.evaluate(
      ruleInput(rotation, {
        now: '2032-06-15T03:00:00Z',
        subject: { cadre, plannedMonths: 36 },
        payload,
      }),
    );

  it('32: 8 years left before retirement → ineligible (≥ 10 required)', () => {
    const evaluation = submit({});
    expect(evaluation.satisfied).toBe(false);
    expect(evaluation.reason).toContain(
      '8y3m left before retirement on 2040-09-30, less than the 10 years required',
    );
  });

  it('32: …unless an exception is given', () => {
    const evaluation = submit({ exceptionRef: '77-QĐ/TW' });
    expect(evaluation.satisfied).toBe(true);
    expect((evaluation.details['cadres'] as JsonObject[])[0]).toMatchObject({
      exceptionRef: '77-QĐ/TW',
      liftedByException: ['minYearsToRetirement'],
    });
  });
});

describe('eligibility: malformed input → VALIDATION_FAILED', () => {
  it.each<[string, InputOverrides, string]>([
    [
      'an unknown candidate id',
      { payload: { eligible: ['c1', 'c7'] } },
      'c7 is not a cadre of this case (c1, c2)',
    ],
    [
      'a candidate listed twice',
      { payload: { eligible: ['c1', 'c1'] } },
      'c1 is listed twice in payload.eligible',
    ],
    ['no selection', { payload: {} }, 'payload.eligible must be a non-empty array of cadre ids'],
    [
      'an empty selection',
      { payload: { eligible: [] } },
      'payload.eligible must be a non-empty array of cadre ids',
    ],
    [
      'an exception for an unknown cadre',
      { payload: { eligible: ['c1'], exceptions: { c9: 'x' } } },
      'payload.exceptions names c9, which is not a cadre of this case',
    ],
    [
      'an exception for a cadre not checked',
      { payload: { eligible: ['c1'], exceptions: { c2: 'x' } } },
      'payload.exceptions names c2, which is not among the cadres checked',
    ],
    [
      'an empty exception reference',
      { payload: { eligible: ['c1'], exceptions: { c1: '' } } },
      'payload.exceptions.c1 must be the reference of the exception document',
    ],
    [
      'an exception of the wrong type',
      { payload: { eligible: ['c1'], exceptions: 12 } },
      'payload.exceptions must be an exception reference or an object',
    ],
    ['no cadre at the path', { subject: {} }, 'there is no cadre at subject.candidates'],
    [
      'a bad date of birth',
      { subject: { candidates: [{ ...an, dateOfBirth: '1975-02-30' }] } },
      'cadre c1: dateOfBirth must be a date (YYYY-MM-DD)',
    ],
    [
      'a bad gender',
      { subject: { candidates: [{ ...an, gender: 'M' }] } },
      'cadre c1: gender must be "male" or "female"',
    ],
    [
      'a bad discipline',
      {
        subject: {
          candidates: [{ ...an, disciplines: [{ level: 'fine', effectiveOn: '2024-01-01' }] }],
        },
      },
      'cadre c1: disciplines[0].level must be one of reprimand, warning, removal',
    ],
    [
      'a bad freeze',
      {
        subject: {
          candidates: [
            { ...an, freezes: [{ kind: 'inspection', since: '2025-05-01', until: '2025-04-01' }] },
          ],
        },
      },
      'cadre c1: freezes[0].until must be a date (YYYY-MM-DD) not before since',
    ],
    [
      'a cadre without id',
      { subject: { candidates: [{ ...an, id: '' }] } },
      'cadre #1 at subject.candidates has no id',
    ],
    [
      'duplicate cadre ids',
      { subject: { candidates: [an, an] } },
      'cadre c1 appears twice at subject.candidates',
    ],
    [
      'a bad later freeze',
      { facts: { freezes: { c1: [{ kind: 'rumour', since: '2025-01-01' }] } } },
      'facts.freezes.c1[0].kind must be one of',
    ],
    ['an event time without offset', { now: '2025-06-15T10:00:00' }, 'is not an ISO-8601 instant'],
  ])('%s', (_name, overrides, problem) => {
    const evaluation = appoint(an, qd80Appointment, {
      payload: { eligible: ['c1'] },
      ...overrides,
    });
    expect(evaluation).toMatchObject({ satisfied: false, refusal: 'VALIDATION_FAILED' });
    expect(evaluation.reason).toContain(problem);
    expectJsonOnly(evaluation);
  });

  it('only requires the fields the enabled checks read', () => {
    const evaluation = eligibilityRule.evaluate(
      ruleInput(resignation, { subject: { cadre: { id: 'c1' } } }),
    );
    expect(evaluation.satisfied).toBe(true);
  });
});

describe('eligibility params', () => {
  it('accepts the built-in profiles', () => {
    for (const params of [qd80Appointment, qd377Appointment, resignation, rotation]) {
      expect(eligibilityRule.checkParams(JSON.parse(JSON.stringify(params)) as JsonObject)).toEqual(
        [],
      );
    }
  });

  it('reports every problem with its path', () => {
    const problems = eligibilityRule.checkParams({
      cadres: 'candidates',
      select: '',
      checks: {
        planning: 'yes',
        minMonthsInPost: -1,
        disciplineWaitMonths: { reprimand: 12, warning: 2.5 },
        age: 5,
      },
      liftedByException: ['planning', 'health'],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'cadres', message: expect.stringContaining('must match pattern') },
        { path: 'select', message: expect.stringContaining('must match pattern') },
        { path: 'checks.planning', message: 'must be boolean' },
        { path: 'checks.minMonthsInPost', message: 'must be >= 0' },
        { path: 'checks.disciplineWaitMonths.warning', message: 'must be integer' },
        { path: 'checks.disciplineWaitMonths.removal', message: 'is required' },
        { path: 'checks.age', message: 'is not a parameter of this rule' },
        { path: 'liftedByException.1', message: expect.stringContaining('must be one of') },
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('takes the ids from a payload field or a fact, not both', () => {
    const params = {
      cadres: 'subject.candidates',
      select: 'eligible',
      selectFact: 'nominees',
      checks: { planning: true },
    };
    expect(eligibilityRule.checkParams(params)).toEqual([
      { path: 'selectFact', message: 'cannot be combined with select: choose one source of ids' },
    ]);
  });

  it('requires cadres and at least one check', () => {
    expect(eligibilityRule.checkParams({})).toEqual([
      { path: 'cadres', message: 'is required' },
      { path: 'checks', message: 'is required' },
    ]);
    expect(eligibilityRule.checkParams({ cadres: 'subject.cadre', checks: {} })).toEqual([
      { path: 'checks', message: 'must NOT have fewer than 1 properties' },
    ]);
  });

  it('is a gate: it has no results', () => {
    expect('results' in eligibilityRule).toBe(false);
  });
});

describe('isFreezeActive', () => {
  it('is active from since to until, both included', () => {
    expect(isFreezeActive({ since: '2025-01-01', until: '2025-01-31' }, '2024-12-31')).toBe(false);
    expect(isFreezeActive({ since: '2025-01-01', until: '2025-01-31' }, '2025-01-01')).toBe(true);
    expect(isFreezeActive({ since: '2025-01-01', until: '2025-01-31' }, '2025-01-31')).toBe(true);
    expect(isFreezeActive({ since: '2025-01-01', until: '2025-01-31' }, '2025-02-01')).toBe(false);
    expect(isFreezeActive({ since: '2025-01-01' }, '2099-01-01')).toBe(true);
  });
});

describe('eligibility: ids that are names of Object.prototype (issue 11 item 8)', () => {
  it.each(['toString', '__proto__', 'hasOwnProperty', 'constructor', 'valueOf'])(
    'checks a cadre with id %s like any other',
    (id) => {
      const candidate = JSON.parse(JSON.stringify({ ...an, id })) as JsonObject;
      const evaluation = appoint(candidate);
      expect(evaluation).toMatchObject({ satisfied: true, details: { eligible: [id] } });
      expect(appoint(candidate, qd80Appointment, withException(id)).satisfied).toBe(true);
      expectJsonOnly(evaluation);
    },
  );

  it('reads a later freeze recorded under such an id, and only its own', () => {
    const candidate = { ...an, id: 'toString' };
    const frozen = appoint(candidate, qd80Appointment, {
      facts: JSON.parse(
        '{"freezes": {"toString": [{"kind": "audit", "since": "2025-06-01"}]}}',
      ) as JsonObject,
    });
    expect(frozen.satisfied).toBe(false);
    expect(checkOf(frozen, 'notFrozen')['active']).toEqual(['audit']);
    const other = appoint({ ...an, id: '__proto__' }, qd80Appointment, {
      facts: { freezes: { c9: [] } },
    });
    expect(other.satisfied).toBe(true);
  });
});
