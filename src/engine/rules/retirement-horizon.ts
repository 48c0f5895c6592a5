/**
 * `retirementHorizon` (deciding): how long a cadre has left before statutory retirement, counted
 * from a date of the case (the end of the current term), decides what the term's end leads to
 * (domain.md §3.3; NĐ 138 Art. 49 [S:R16], NĐ 170 Art. 39–40 [S:R43][S:R17]):
 * - `EXTENSION`: less than `extensionBelowYears` left (2): the term is extended to retirement
 *   (kéo dài thời gian giữ chức vụ), not renewed;
 * - `TO_RETIREMENT`: less than `fullTermYears` left (5): reappointed, the new term ending at
 *   retirement;
 * - `FULL_TERM`: a full new term.
 * A cadre who retires on or before that date is refused: there is no term to renew. Retirement is
 * the Labour Code 2019 roadmap's (`statutoryRetirementDate`). The rule records `facts.<as>`
 * (default `retirementHorizon`): `{on, retirementDate, yearsLeft, monthsLeft, route}`.
 */
import {
  compareDates,
  isCivilDate,
  wholeMonthsBetween,
  type CivilDate,
} from '../calendar/civil-date.js';
import { isJsonObject, type JsonObject } from '../definition/json.js';
import { message } from '../messages/message.js';
import { paramsChecker } from './check-params.js';
import { contextPathSchema, readContextPath } from './context-path.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import { statutoryRetirementDate } from './retirement.js';
import type {
  ContextChange,
  ParamProblem,
  RecordInput,
  RuleEvaluation,
  RuleInput,
  RuleSpec,
} from './rule.js';

export const RETIREMENT_ROUTES = ['EXTENSION', 'TO_RETIREMENT', 'FULL_TERM'] as const;

export interface RetirementHorizonParams {
  /** Context path of the cadre (`subject.cadre`). */
  readonly cadre: string;
  /** Context path of the date counted from (`subject.termEndsOn`). */
  readonly from: string;
  /** Fewer years than this left: extension to retirement (2). */
  readonly extensionBelowYears: number;
  /** Fewer years than this left: the new term runs to retirement (5). */
  readonly fullTermYears: number;
  /** The fact the horizon is recorded under (default `retirementHorizon`). */
  readonly as?: string;
}

export function evaluateRetirementHorizon(
  input: RuleInput<RetirementHorizonParams>,
): RuleEvaluation {
  const { params } = input;
  const rule: JsonObject = {
    cadre: params.cadre,
    from: params.from,
    extensionBelowYears: params.extensionBelowYears,
    fullTermYears: params.fullTermYears,
  };
  const cadre = readContextPath(input, params.cadre);
  if (!isJsonObject(cadre) || !isNonEmptyString(cadre['id'])) {
    return refused(
      'retirementHorizon',
      message('lowConfidence.noCadre', { path: params.cadre }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const id = cadre['id'];
  const { gender, dateOfBirth } = cadre;
  if ((gender !== 'male' && gender !== 'female') || !isCivilDate(dateOfBirth)) {
    return refused(
      'retirementHorizon',
      message('data.mustBeDate', {
        what: message('data.cadreField', { id, field: 'dateOfBirth' }),
      }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const on = readContextPath(input, params.from);
  if (typeof on !== 'string' || !isCivilDate(on)) {
    return refused(
      'retirementHorizon',
      message('dates.missing', { field: params.from }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const retirementDate: CivilDate = statutoryRetirementDate(gender, dateOfBirth);
  if (compareDates(retirementDate, on) <= 0) {
    return refused(
      'retirementHorizon',
      message('horizon.retires', { cadre: id, retirementDate, on }),
      'RULE_NOT_SATISFIED',
      { rule, cadreId: id, on, retirementDate },
    );
  }
  const monthsLeft = wholeMonthsBetween(on, retirementDate);
  const route =
    monthsLeft < params.extensionBelowYears * 12
      ? 'EXTENSION'
      : monthsLeft < params.fullTermYears * 12
        ? 'TO_RETIREMENT'
        : 'FULL_TERM';
  return satisfied(
    'retirementHorizon',
    {
      rule,
      cadreId: id,
      on,
      retirementDate,
      monthsLeft,
      yearsLeft: Math.floor(monthsLeft / 12),
      route,
    },
    route,
  );
}

export const retirementHorizonRule: RuleSpec<RetirementHorizonParams> = {
  type: 'retirementHorizon',
  description:
    'Decides by the time a cadre has left before statutory retirement from a date of the case: EXTENSION (fewer than extensionBelowYears: extension to retirement), TO_RETIREMENT (fewer than fullTermYears: the new term ends at retirement) or FULL_TERM.',
  checkParams: paramsChecker<RetirementHorizonParams>(
    {
      type: 'object',
      required: ['cadre', 'from', 'extensionBelowYears', 'fullTermYears'],
      additionalProperties: false,
      properties: {
        cadre: contextPathSchema,
        from: contextPathSchema,
        extensionBelowYears: { type: 'integer', minimum: 0, maximum: 50 },
        fullTermYears: { type: 'integer', minimum: 0, maximum: 50 },
        as: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]*$', maxLength: 100 },
      },
    },
    (params): ParamProblem[] =>
      params.extensionBelowYears > params.fullTermYears
        ? [{ path: 'extensionBelowYears', message: 'must not exceed fullTermYears' }]
        : [],
  ),
  results: () => [...RETIREMENT_ROUTES],
  evaluate: evaluateRetirementHorizon,
  record(input: RecordInput<RetirementHorizonParams>): ContextChange {
    const { details } = input.evaluation;
    const as = input.params.as ?? 'retirementHorizon';
    return {
      facts: {
        ...input.context.facts,
        [as]: {
          on: details['on'] ?? null,
          retirementDate: details['retirementDate'] ?? null,
          yearsLeft: details['yearsLeft'] ?? null,
          monthsLeft: details['monthsLeft'] ?? null,
          route: details['route'] ?? null,
        },
      },
    };
  },
  factsRecorded: (params) => [params.as ?? 'retirementHorizon'],
};
