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
 *
 * `mode: require` turns the gate round for the dismissal procedure itself (domain.md §3.7): it
 * refuses unless a ground holds — the one the proposal names (`ground`: a ground's name, or the
 * kind of a recorded conclusion) when given. It also knows QĐ 377's "cho thôi giữ chức vụ"
 * (release from the post) ground, `releaseFromPost`, judged on the unit's results at
 * `unitResults` (`{year, targetsAchievedPercent?, basicTargetsMissed?, <notWhen field>?}`): the
 * unit achieved less than the percentage of its yearly targets or missed that many basic targets,
 * none of the `notWhen` circumstances (force majeure) holds, and the cadre has headed the unit at
 * least `minMonthsAsHead` whole months (from `currentPositionSince`) [S:R33].
 */
import {
  compareDates,
  wholeMonthsBetween,
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

export interface ReleaseFromPostGround {
  readonly unitTargetsAchievedBelowPercent: number;
  readonly basicTargetsMissed: number;
  /** Fields of the unit's results that, true, rule the ground out (`forceMajeure`). */
  readonly notWhen?: readonly string[];
  readonly minMonthsAsHead: number;
}

/** The names a proposal may give its ground (a conclusion's kind names that conclusion). */
export const DISMISSAL_GROUND_NAMES = [
  'disciplinesInTerm',
  'consecutiveYearsNotCompleted',
  'lowConfidence',
  'conclusions',
  'releaseFromPost',
] as const;

export interface DismissalGroundsParams {
  /** Context path of the cadre, e.g. `subject.cadre`. */
  readonly cadre: string;
  readonly grounds: DismissalGrounds;
  /** The provision the grounds come from, cited in the refusal (default: the definition's regulation). */
  readonly source?: string;
  /** `bar` (default): refuse when a ground holds (resignation); `require`: refuse unless one does. */
  readonly mode?: 'bar' | 'require';
  /** `require`: context path of the ground the proposal names (`payload.ground`). */
  readonly ground?: string;
  /** QĐ 377 "cho thôi giữ chức vụ" [S:R33], judged on the unit's results at `unitResults`. */
  readonly releaseFromPost?: ReleaseFromPostGround;
  /** Context path of the unit's yearly results, e.g. `payload.unitResults`. */
  readonly unitResults?: string;
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
  /** The names of the grounds found (and each matching conclusion's kind). */
  const held: string[] = [];
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
        held.push('disciplinesInTerm');
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
    if (run.length >= n) {
      held.push('consecutiveYearsNotCompleted');
      found.push(message('dismissal.notCompleted', { years: run, min: n }));
    }
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
        held.push('lowConfidence');
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
    if (matching.length > 0) held.push('conclusions');
    for (const c of matching) {
      held.push(c['kind'] as string);
      found.push(
        message('dismissal.conclusion', {
          kind: c['kind'] as string,
          ref: typeof c['documentRef'] === 'string' ? c['documentRef'] : '',
        }),
      );
    }
  }

  const release = input.params.releaseFromPost;
  if (release) {
    const path = input.params.unitResults;
    const results = path === undefined ? undefined : readContextPath(input, path);
    if (results !== undefined && results !== null) {
      const percent = isJsonObject(results) ? results['targetsAchievedPercent'] : undefined;
      const missed = isJsonObject(results) ? results['basicTargetsMissed'] : undefined;
      const since = cadre['currentPositionSince'];
      if (
        !isJsonObject(results) ||
        (percent !== undefined && (typeof percent !== 'number' || percent < 0)) ||
        (missed !== undefined && !isCount(missed))
      ) {
        problems.push(message('dismissal.badUnitResults', { path: path ?? '' }));
      } else if (!isCivilDate(since)) {
        problems.push(
          message('data.mustBeDate', {
            what: message('data.cadreField', { id, field: 'currentPositionSince' }),
          }),
        );
      } else {
        const below =
          typeof percent === 'number' && percent < release.unitTargetsAchievedBelowPercent;
        const missedEnough = isCount(missed) && missed >= release.basicTargetsMissed;
        const excusedBy = (release.notWhen ?? []).filter(
          (field: string) => results[field] === true,
        );
        const monthsAsHead = wholeMonthsBetween(since, date);
        const reached =
          (below || missedEnough) &&
          excusedBy.length === 0 &&
          monthsAsHead >= release.minMonthsAsHead;
        checked['releaseFromPost'] = {
          results,
          belowPercent: below,
          missedBasicTargets: missedEnough,
          excusedBy,
          monthsAsHead,
          minMonthsAsHead: release.minMonthsAsHead,
          reached,
        };
        if (reached) {
          held.push('releaseFromPost');
          found.push(
            message('dismissal.releaseFromPost', {
              percent: typeof percent === 'number' ? percent : '—',
              below: release.unitTargetsAchievedBelowPercent,
              missed: isCount(missed) ? missed : 0,
              minMissed: release.basicTargetsMissed,
              months: monthsAsHead,
            }),
          );
        }
      }
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
  const details: JsonObject = {
    rule,
    cadreId: id,
    date,
    checked,
    grounds: found.length,
    held,
  };
  if ((input.params.mode ?? 'bar') === 'require') {
    const groundPath = input.params.ground;
    const named = groundPath === undefined ? undefined : readContextPath(input, groundPath);
    if (groundPath !== undefined && !isNonEmptyString(named)) {
      return refused(
        'dismissalGrounds',
        message('dismissal.groundMissing', { path: groundPath }),
        'VALIDATION_FAILED',
        details,
      );
    }
    const holds = isNonEmptyString(named) ? held.includes(named) : held.length > 0;
    if (holds) {
      return satisfied('dismissalGrounds', {
        ...details,
        ...(isNonEmptyString(named) ? { ground: named } : {}),
        kind: named === 'releaseFromPost' ? 'releaseFromPost' : 'dismissal',
      });
    }
    return refused(
      'dismissalGrounds',
      isNonEmptyString(named)
        ? message('dismissal.groundNotHeld', {
            cadre: id,
            ground: named,
            regulation: input.params.source ?? input.regulation ?? '',
            held: held.length > 0 ? held : ['—'],
          })
        : message('dismissal.noGround', {
            cadre: id,
            regulation: input.params.source ?? input.regulation ?? '',
          }),
      'RULE_NOT_SATISFIED',
      details,
    );
  }
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
    "Refuses when a ground of dismissal of the profile holds for the cadre (disciplines in one term, consecutive years not completing duties, low confidence, a competent body's conclusion), so that the case goes to dismissal, not resignation; with mode require, refuses unless a ground (the one named at `ground`, QĐ 377's release from the post included) holds.",
  checkParams: paramsChecker<DismissalGroundsParams>(
    {
      type: 'object',
      required: ['cadre', 'grounds'],
      additionalProperties: false,
      properties: {
        cadre: contextPathSchema,
        source: { type: 'string', minLength: 1, maxLength: 500 },
        mode: { enum: ['bar', 'require'] },
        ground: contextPathSchema,
        unitResults: contextPathSchema,
        releaseFromPost: {
          type: 'object',
          required: ['unitTargetsAchievedBelowPercent', 'basicTargetsMissed', 'minMonthsAsHead'],
          additionalProperties: false,
          properties: {
            unitTargetsAchievedBelowPercent: { type: 'number', minimum: 0, maximum: 100 },
            basicTargetsMissed: { type: 'integer', minimum: 1 },
            notWhen: {
              type: 'array',
              uniqueItems: true,
              items: { type: 'string', minLength: 1, maxLength: 100 },
            },
            minMonthsAsHead: { type: 'integer', minimum: 0 },
          },
        },
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
    (params): ParamProblem[] => [
      ...checkProperFraction(params.grounds.lowConfidence, 'grounds.lowConfidence'),
      ...(params.releaseFromPost !== undefined && params.unitResults === undefined
        ? [
            {
              path: 'unitResults',
              message: 'releaseFromPost needs unitResults, the path of the unit results',
            },
          ]
        : []),
      ...(params.ground !== undefined && params.mode !== 'require'
        ? [{ path: 'ground', message: 'ground is read only with mode: require' }]
        : []),
    ],
  ),
  evaluate: evaluateDismissalGrounds,
};
