/**
 * `lowConfidence` (gate): a cadre whose last confidence vote puts them in a band that calls for
 * another procedure (dismissal) may not resign instead (QĐ 41 Art. 3, QĐ 377: "không thực hiện
 * cho từ chức đối với cán bộ thuộc trường hợp phải miễn nhiệm"; domain.md §3.6, §3.9).
 *
 * Bands on the ballots returned (QĐ 96 Art. 6): above `lower` (default > 1/2) →
 * RESIGNATION_OR_RELEASE; at or above `upper` → DISMISSAL. The upper boundary's inclusiveness is a
 * parameter: QĐ 41 says more than 2/3, QĐ 96 and NĐ 170 Art. 53 say 2/3 or more.
 *
 * `requiredFor` turns the rule around for a ground that rests on the vote (QĐ 41 Art. 3(3): a
 * resignation because more than half rated low confidence): when the payload names that ground,
 * the cadre must have a recorded confidence vote reaching `requiredBand`.
 */
import { isJsonObject, type JsonObject } from '../definition/json.js';
import { checkProperFraction, paramsChecker } from './check-params.js';
import {
  contextPathSchema,
  payloadFieldSchema,
  readContextPath,
  readPayloadField,
} from './context-path.js';
import { message } from '../messages/message.js';
import {
  compareExact,
  formatComparison,
  formatFraction,
  isCount,
  refused,
  satisfied,
  type Fraction,
} from './evaluation.js';
import type { ParamProblem, RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export type ConfidenceBand = 'NONE' | 'RESIGNATION_OR_RELEASE' | 'DISMISSAL';
export const CONFIDENCE_BANDS: readonly ConfidenceBand[] = [
  'NONE',
  'RESIGNATION_OR_RELEASE',
  'DISMISSAL',
];

export interface BandBoundary extends Fraction {
  /** `low·den ≥ ballots·num` when inclusive, `>` otherwise. */
  readonly inclusive: boolean;
}

export interface ConfidenceBands {
  readonly lower: BandBoundary;
  readonly upper: BandBoundary;
}

// QĐ 96 / NĐ 170: more than 1/2 low → resignation or release; 2/3 or more → dismissal.
export const DEFAULT_CONFIDENCE_BANDS: ConfidenceBands = {
  lower: { numerator: 1, denominator: 2, inclusive: false },
  upper: { numerator: 2, denominator: 3, inclusive: true },
};

export interface LowConfidenceParams {
  /** Context path of the cadre, e.g. `subject.cadre`. */
  readonly cadre: string;
  /** Bands in which resignation is refused. Default: DISMISSAL. */
  readonly refuseBands?: readonly Exclude<ConfidenceBand, 'NONE'>[];
  readonly lower?: Fraction & { readonly inclusive?: boolean };
  readonly upper?: Fraction & { readonly inclusive?: boolean };
  /** A payload ground that needs a recorded vote, e.g. `{field: ground, value: lowConfidence}`. */
  readonly requiredFor?: { readonly field: string; readonly value: string };
  /** The band that ground needs. Default RESIGNATION_OR_RELEASE (more than `lower`). */
  readonly requiredBand?: Exclude<ConfidenceBand, 'NONE'>;
}

function reaches(low: number, ballotsReturned: number, boundary: BandBoundary): boolean {
  const cmp = compareExact([low, boundary.denominator], [ballotsReturned, boundary.numerator]);
  return boundary.inclusive ? cmp >= 0 : cmp > 0;
}

/** The band of `low` low-confidence ratings out of `ballotsReturned`, in integer arithmetic. */
export function confidenceBand(
  ballotsReturned: number,
  low: number,
  bands: ConfidenceBands = DEFAULT_CONFIDENCE_BANDS,
): ConfidenceBand {
  if (ballotsReturned === 0) return 'NONE'; // no ballot, no share
  if (reaches(low, ballotsReturned, bands.upper)) return 'DISMISSAL';
  if (reaches(low, ballotsReturned, bands.lower)) return 'RESIGNATION_OR_RELEASE';
  return 'NONE';
}

export function resolveConfidenceBands(
  params: Pick<LowConfidenceParams, 'lower' | 'upper'>,
): ConfidenceBands {
  const { lower, upper } = DEFAULT_CONFIDENCE_BANDS;
  return {
    lower: params.lower
      ? { ...params.lower, inclusive: params.lower.inclusive ?? lower.inclusive }
      : lower,
    upper: params.upper
      ? { ...params.upper, inclusive: params.upper.inclusive ?? upper.inclusive }
      : upper,
  };
}

function describeBoundary(boundary: BandBoundary, low: number, ballots: number): JsonObject {
  return {
    fraction: formatFraction(boundary),
    inclusive: boundary.inclusive,
    test: `low·${boundary.denominator} ${boundary.inclusive ? '≥' : '>'} ballotsReturned·${boundary.numerator}`,
    comparison: formatComparison([low, boundary.denominator], [ballots, boundary.numerator]),
    reached: ballots > 0 && reaches(low, ballots, boundary),
  };
}

export function evaluateLowConfidence(input: RuleInput<LowConfidenceParams>): RuleEvaluation {
  const { params } = input;
  const bands = resolveConfidenceBands(params);
  const refuseBands = params.refuseBands ?? ['DISMISSAL'];
  const rule: JsonObject = {
    cadre: params.cadre,
    refuseBands: [...refuseBands],
    lower: { ...bands.lower },
    upper: { ...bands.upper },
  };
  const requiredBand = params.requiredBand ?? 'RESIGNATION_OR_RELEASE';
  const ground = params.requiredFor ? readPayloadField(input, params.requiredFor.field) : undefined;
  const voteRequired = params.requiredFor !== undefined && ground === params.requiredFor.value;
  if (params.requiredFor) {
    rule['requiredFor'] = { ...params.requiredFor };
    rule['requiredBand'] = requiredBand;
  }
  const cadre = readContextPath(input, params.cadre);
  if (!isJsonObject(cadre)) {
    return refused(
      'lowConfidence',
      message('lowConfidence.noCadre', { path: params.cadre }),
      'VALIDATION_FAILED',
      { rule },
    );
  }
  const cadreId = typeof cadre['id'] === 'string' ? cadre['id'] : null;
  const name = cadreId ?? params.cadre;
  const vote = cadre['lastConfidenceVote'];
  if (vote === undefined || vote === null) {
    if (voteRequired) {
      return refused(
        'lowConfidence',
        message('lowConfidence.voteRequired', { ground: String(ground), cadre: name }),
        'RULE_NOT_SATISFIED',
        { rule, cadreId, lastConfidenceVote: null, band: 'NONE', voteRequired },
      );
    }
    return satisfied('lowConfidence', {
      rule,
      cadreId,
      lastConfidenceVote: null,
      band: 'NONE',
      refused: false,
    });
  }
  const ballotsReturned = isJsonObject(vote) ? vote['ballotsReturned'] : undefined;
  const low = isJsonObject(vote) ? vote['low'] : undefined;
  if (!isCount(ballotsReturned) || !isCount(low) || low > ballotsReturned) {
    return refused(
      'lowConfidence',
      message('lowConfidence.badVote', { cadre: name }),
      'VALIDATION_FAILED',
      { rule, cadreId, lastConfidenceVote: vote },
    );
  }
  const band = confidenceBand(ballotsReturned, low, bands);
  const isRefused = band !== 'NONE' && refuseBands.includes(band);
  const details: JsonObject = {
    rule,
    cadreId,
    lastConfidenceVote: { ballotsReturned, low },
    lower: describeBoundary(bands.lower, low, ballotsReturned),
    upper: describeBoundary(bands.upper, low, ballotsReturned),
    band,
    refused: isRefused,
  };
  if (isRefused) {
    const boundary = band === 'DISMISSAL' ? bands.upper : bands.lower;
    return refused(
      'lowConfidence',
      message('lowConfidence.band', {
        cadre: name,
        band,
        low,
        ballots: ballotsReturned,
        bound: boundary.inclusive ? 'atLeast' : 'moreThan',
        fraction: formatFraction(boundary),
      }),
      'RULE_NOT_SATISFIED',
      details,
    );
  }
  const reachesRequired =
    band === 'DISMISSAL' || (band === 'RESIGNATION_OR_RELEASE' && requiredBand !== 'DISMISSAL');
  if (voteRequired && !reachesRequired) {
    const boundary = requiredBand === 'DISMISSAL' ? bands.upper : bands.lower;
    return refused(
      'lowConfidence',
      message('lowConfidence.belowBand', {
        ground: String(ground),
        cadre: name,
        low,
        ballots: ballotsReturned,
        bound: boundary.inclusive ? 'atLeast' : 'moreThan',
        fraction: formatFraction(boundary),
      }),
      'RULE_NOT_SATISFIED',
      { ...details, voteRequired },
    );
  }
  return satisfied('lowConfidence', details);
}

const boundarySchema = {
  type: 'object',
  required: ['numerator', 'denominator'],
  additionalProperties: false,
  properties: {
    numerator: { type: 'integer', minimum: 1 },
    denominator: { type: 'integer', minimum: 1 },
    inclusive: { type: 'boolean' },
  },
} as const;

export const lowConfidenceRule: RuleSpec<LowConfidenceParams> = {
  type: 'lowConfidence',
  description:
    "Refuses when the cadre's last confidence vote puts them in a refused band (default: dismissal, 2/3 or more low ratings of the ballots returned).",
  checkParams: paramsChecker<LowConfidenceParams>(
    {
      type: 'object',
      required: ['cadre'],
      additionalProperties: false,
      properties: {
        cadre: contextPathSchema,
        refuseBands: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { type: 'string', enum: ['RESIGNATION_OR_RELEASE', 'DISMISSAL'] },
        },
        lower: boundarySchema,
        upper: boundarySchema,
        requiredFor: {
          type: 'object',
          required: ['field', 'value'],
          additionalProperties: false,
          properties: { field: payloadFieldSchema, value: { type: 'string', minLength: 1 } },
        },
        requiredBand: { type: 'string', enum: ['RESIGNATION_OR_RELEASE', 'DISMISSAL'] },
      },
    },
    (params) => {
      const problems: ParamProblem[] = [
        ...checkProperFraction(params.lower, 'lower'),
        ...checkProperFraction(params.upper, 'upper'),
      ];
      const { lower, upper } = resolveConfidenceBands(params);
      if (
        problems.length === 0 &&
        compareExact([lower.numerator, upper.denominator], [upper.numerator, lower.denominator]) > 0
      ) {
        problems.push({
          path: 'upper',
          message: `must not be below lower (${formatFraction(upper)} < ${formatFraction(lower)})`,
        });
      }
      return problems;
    },
  ),
  evaluate: evaluateLowConfidence,
};
