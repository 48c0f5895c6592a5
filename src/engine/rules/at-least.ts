/**
 * `atLeast` (gate): a number in the case must reach a minimum unless an exception document is
 * given, e.g. QĐ 65 Art. 8: a rotation lasts at least 36 months unless the competent authority
 * decides otherwise (domain.md scenario 33).
 */
import { paramsChecker } from './check-params.js';
import { contextPathSchema, readContextPath } from './context-path.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import { message } from '../messages/message.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface AtLeastParams {
  /** Context path of the number, e.g. `subject.plannedMonths`. */
  readonly path: string;
  readonly min: number;
  /** Context path of an exception reference that lifts the minimum, e.g. `payload.exceptionRef`. */
  readonly liftedBy?: string;
  /** What the number is, for reasons: `planned rotation months`. Default: the path. */
  readonly label?: string;
}

export function evaluateAtLeast(input: RuleInput<AtLeastParams>): RuleEvaluation {
  const { path, min, liftedBy } = input.params;
  const label = input.params.label ?? path;
  const value = readContextPath(input, path);
  const exceptionRef = liftedBy === undefined ? undefined : readContextPath(input, liftedBy);
  const details = {
    path,
    label,
    min,
    liftedBy: liftedBy ?? null,
    value: value ?? null,
    exceptionRef: exceptionRef ?? null,
  };
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return refused(
      'atLeast',
      message('atLeast.notNumber', { label, path }),
      'VALIDATION_FAILED',
      details,
    );
  }
  if (exceptionRef !== undefined && exceptionRef !== null && !isNonEmptyString(exceptionRef)) {
    return refused(
      'atLeast',
      message('atLeast.badException', { path: liftedBy ?? '' }),
      'VALIDATION_FAILED',
      details,
    );
  }
  const passed = value >= min;
  const lifted = !passed && isNonEmptyString(exceptionRef);
  const outcome = { ...details, passed, lifted };
  if (passed || lifted) return satisfied('atLeast', outcome);
  return refused(
    'atLeast',
    liftedBy === undefined
      ? message('atLeast.below', { label, value, min })
      : message('atLeast.belowNoException', { label, value, min, liftedBy }),
    'RULE_NOT_SATISFIED',
    outcome,
  );
}

export const atLeastRule: RuleSpec<AtLeastParams> = {
  type: 'atLeast',
  description:
    'Requires a number of the case (e.g. planned rotation months) to reach a minimum, unless an exception reference is given.',
  checkParams: paramsChecker<AtLeastParams>({
    type: 'object',
    required: ['path', 'min'],
    additionalProperties: false,
    properties: {
      path: contextPathSchema,
      min: { type: 'number' },
      liftedBy: contextPathSchema,
      label: { type: 'string', minLength: 1 },
    },
  }),
  evaluate: evaluateAtLeast,
};
