/**
 * `dismissalGrounds` (gate): a cadre for whom a ground of dismissal (miễn nhiệm) exists may not
 * resign instead (QĐ 41 Art. 3, carried into QĐ 377: "không thực hiện cho từ chức đối với cán bộ
 * thuộc trường hợp phải miễn nhiệm"; domain.md §3.6–3.7). The grounds are the profile's, as
 * parameters:
 * - `disciplinesInTerm {count, levels}`: disciplined `count` times or more in the current term
 *   (QĐ 41 Art. 3(2): reprimanded twice; NĐ 138: reprimanded or warned twice), counted from
 *   `termStartedOn` (else `currentPositionSince`);
 * - `consecutiveYearsNotCompleted`: rated as not completing duties that many consecutive years
 *   (QĐ 41 Art. 3(4): 2), years from the term's start on [I];
 * - `lowConfidence {numerator, denominator, inclusive}`: the last confidence vote's share of low
 *   ratings (QĐ 96: 2/3 or more; QĐ 41: more than 2/3);
 * - `conclusions`: kinds of a competent body's conclusion that are grounds by themselves
 *   (political degradation, political standards…), read from the cadre's `conclusions`.
 */
import {
  compareDates,
  isCivilDate,
  isIsoInstant,
  parseCivilDate,
  vietnamDate,
} from '../calendar/civil-date.js';
import { isJsonObject, ownValue, type JsonObject, type JsonValue } from '../definition/json.js';
import { message, type Message } from '../messages/message.js';
import { checkProperFraction, paramsChecker } from './check-params.js';
import { contextPathSchema, readContextPath } from './context-path.js';
import { DISCIPLINE_LEVELS, type DisciplineLevel } from './eligibility.js';
import {
  compareExact,
  formatFraction,
  isCount,
  isNonEmptyString,
  refused,
  satisfied,
} from './evaluation.js';
import type { ParamProblem, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface DismissalGrounds {
  readonly disciplinesInTerm?: {
    readonly count: number;
    readonly levels: readonly DisciplineLevel[];
  };
  readonly consecutiveYearsNotCompleted?: number;
  readonly lowConfidence?: {
    readonly numerator: number;
    readonly denominator: number;
    readonly inclusive?: boolean;
  };
  readonly conclusions?: readonly string[];
}

export interface DismissalGroundsParams {
  /** Context path of the cadre, e.g. `subject.cadre`. */
  readonly cadre: string;
  readonly grounds: DismissalGrounds;
  /** The provision the grounds come from, cited in the refusal (default: the definition's regulation). */
  readonly source?: string;
}

function longestRun(years: readonly number[]): number[] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  let best: number[] = [];
  let run: number[] = [];
  for (const year of sorted) {
    run = run.length > 0 && run[run.length - 1] === year - 1 ? [...run, year] : [year];
    if (run.length > best.length) best = run;
  }
  return best;
}

export function evaluateDismissalGrounds(input: RuleInput<DismissalGroundsParams>): RuleEvaluation {
  const { grounds } = input.params;
  const cadre = readContextPath(input, input.params.cadre);
  const rule: JsonObject = {
    cadre: input.params.cadre,
    grounds: JSON.parse(JSON.stringify(grounds)) as JsonObject,
  };
  if (!isJsonObject(cadre) || !isNonEmptyString(cadre['id'])) {
    return refused(
      'dismissalGrounds',
      message('lowConfidence.noCadre', { path: input.params.cadre }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  if (!isIsoInstant(input.event.now)) {
    return refused('dismissalGrounds', message('step.notInstant'), 'VALIDATION_FAILED', { rule });
  }
  const id = cadre['id'];
  const date = vietnamDate(input.event.now);
  const problems: Message[] = [];
  const found: Message[] = [];
  const checked: JsonObject = {};
  const termStart = [cadre['termStartedOn'], cadre['currentPositionSince']].find(isCivilDate);

  if (grounds.disciplinesInTerm) {
    const { count, levels } = grounds.disciplinesInTerm;
    const facts = input.context.facts['disciplines'];
    const later = isJsonObject(facts) ? ownValue(facts, id) : undefined;
    const all: JsonValue[] = [
      ...(Array.isArray(cadre['disciplines']) ? cadre['disciplines'] : []),
      ...(Array.isArray(later) ? later : []),
    ];
    if (termStart === undefined) {
      problems.push(
        message('data.mustBeDate', {
          what: message('data.cadreField', { id, field: 'currentPositionSince' }),
        }),
      );
    } else {
      const inTerm = all.filter(
        (d) =>
          isJsonObject(d) &&
          typeof d['level'] === 'string' &&
          (levels as readonly string[]).includes(d['level']) &&
          isCivilDate(d['effectiveOn']) &&
          compareDates(termStart, d['effectiveOn']) <= 0 &&
          compareDates(d['effectiveOn'], date) <= 0,
      );
      checked['disciplinesInTerm'] = {
        since: termStart,
        count: inTerm.length,
        required: count,
        disciplines: inTerm,
      };
      if (inTerm.length >= count) {
        found.push(
          message('dismissal.reprimands', {
            count: inTerm.length,
            levels: [...levels],
            since: termStart,
            min: count,
          }),
        );
      }
    }
  }

  if (grounds.consecutiveYearsNotCompleted !== undefined) {
    const n = grounds.consecutiveYearsNotCompleted;
    const ratings = Array.isArray(cadre['ratings']) ? cadre['ratings'] : [];
    const fromYear =
      termStart === undefined ? Number.NEGATIVE_INFINITY : parseCivilDate(termStart).year;
    const notCompleted = ratings.flatMap((r) =>
      isJsonObject(r) &&
      r['rating'] === 'notCompleted' &&
      typeof r['year'] === 'number' &&
      r['year'] >= fromYear
        ? [r['year']]
        : [],
    );
    const run = longestRun(notCompleted);
    checked['consecutiveYearsNotCompleted'] = { years: notCompleted, longestRun: run, required: n };
    if (run.length >= n) found.push(message('dismissal.notCompleted', { years: run, min: n }));
  }

  if (grounds.lowConfidence) {
    const bound = grounds.lowConfidence;
    const inclusive = bound.inclusive ?? true;
    const vote = cadre['lastConfidenceVote'];
    const ballots = isJsonObject(vote) ? vote['ballotsReturned'] : undefined;
    const low = isJsonObject(vote) ? vote['low'] : undefined;
    if (isCount(ballots) && isCount(low) && ballots > 0) {
      const cmp = compareExact([low, bound.denominator], [ballots, bound.numerator]);
      const reached = inclusive ? cmp >= 0 : cmp > 0;
      checked['lowConfidence'] = {
        low,
        ballotsReturned: ballots,
        fraction: formatFraction(bound),
        inclusive,
        reached,
      };
      if (reached) {
        found.push(
          message('dismissal.lowConfidence', {
            low,
            ballots,
            bound: inclusive ? 'atLeast' : 'moreThan',
            fraction: formatFraction(bound),
          }),
        );
      }
    }
  }

  if (grounds.conclusions && grounds.conclusions.length > 0) {
    const conclusions = Array.isArray(cadre['conclusions']) ? cadre['conclusions'] : [];
    const matching = conclusions.filter(
      (c) =>
        isJsonObject(c) &&
        typeof c['kind'] === 'string' &&
        (grounds.conclusions as readonly string[]).includes(c['kind']),
    ) as JsonObject[];
    checked['conclusions'] = { kinds: [...grounds.conclusions], matching };
    for (const c of matching) {
      found.push(
        message('dismissal.conclusion', {
          kind: c['kind'] as string,
          ref: typeof c['documentRef'] === 'string' ? c['documentRef'] : '',
        }),
      );
    }
  }

  if (problems.length > 0) {
    return refused(
      'dismissalGrounds',
      message('dismissal.badFacts', { problems }),
      'VALIDATION_FAILED',
      { rule, checked },
    );
  }
  const details: JsonObject = { rule, cadreId: id, date, checked, grounds: found.length };
  if (found.length === 0) return satisfied('dismissalGrounds', details);
  return refused(
    'dismissalGrounds',
    message('dismissal.grounds', {
      cadre: id,
      regulation: input.params.source ?? input.regulation ?? '',
      grounds: found,
    }),
    'RULE_NOT_SATISFIED',
    details,
  );
}

export const dismissalGroundsRule: RuleSpec<DismissalGroundsParams> = {
  type: 'dismissalGrounds',
  description:
    "Refuses when a ground of dismissal of the profile holds for the cadre (disciplines in one term, consecutive years not completing duties, low confidence, a competent body's conclusion), so that the case goes to dismissal, not resignation.",
  checkParams: paramsChecker<DismissalGroundsParams>(
    {
      type: 'object',
      required: ['cadre', 'grounds'],
      additionalProperties: false,
      properties: {
        cadre: contextPathSchema,
        source: { type: 'string', minLength: 1, maxLength: 500 },
        grounds: {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            disciplinesInTerm: {
              type: 'object',
              required: ['count', 'levels'],
              additionalProperties: false,
              properties: {
                count: { type: 'integer', minimum: 1 },
                levels: {
                  type: 'array',
                  minItems: 1,
                  uniqueItems: true,
                  items: { type: 'string', enum: DISCIPLINE_LEVELS },
                },
              },
            },
            consecutiveYearsNotCompleted: { type: 'integer', minimum: 1 },
            lowConfidence: {
              type: 'object',
              required: ['numerator', 'denominator'],
              additionalProperties: false,
              properties: {
                numerator: { type: 'integer', minimum: 1 },
                denominator: { type: 'integer', minimum: 1 },
                inclusive: { type: 'boolean' },
              },
            },
            conclusions: {
              type: 'array',
              uniqueItems: true,
              items: { type: 'string', minLength: 1 },
            },
          },
        },
      },
    },
    (params): ParamProblem[] =>
      checkProperFraction(params.grounds.lowConfidence, 'grounds.lowConfidence'),
  ),
  evaluate: evaluateDismissalGrounds,
};
