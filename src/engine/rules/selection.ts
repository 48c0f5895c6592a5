/**
 * `selection` (gate): a choice of ids must come from given lists and keep the ids that must stay.
 * After a tie for second place (domain.md scenario 8, TIE_FOR_SECOND) the head's nominees must
 * keep whoever was ahead and pick the rest among those tied. A choice outside the lists, or one
 * that drops a required id, contradicts the recorded vote: VALIDATION_FAILED, as an unknown
 * candidate in a tally is.
 */
import type { JsonValue } from '../definition/json.js';
import { paramsChecker } from './check-params.js';
import { contextPathSchema, idsOf, readContextPath } from './context-path.js';
import { isNonEmptyString, refused, satisfied } from './evaluation.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface SelectionParams {
  /** Context path of the chosen id or ids, e.g. `payload.nominees`. */
  readonly path: string;
  /** Context path(s) of the ids that may be chosen (arrays of ids or of objects with an `id`). */
  readonly from: string | readonly string[];
  /** Context path(s) of ids the choice must include, e.g. the candidate ahead. */
  readonly mustInclude?: string | readonly string[];
}

const asList = (paths: string | readonly string[] | undefined): readonly string[] =>
  paths === undefined ? [] : typeof paths === 'string' ? [paths] : paths;

/** The ids listed at every path, in order, without repeats. A missing list adds nothing. */
function idsAt(
  input: RuleInput<SelectionParams>,
  paths: readonly string[],
  problems: string[],
): string[] {
  const ids: string[] = [];
  for (const path of paths) {
    const value = readContextPath(input, path);
    if (value === undefined || value === null) continue;
    const listed = idsOf(value);
    if (listed === undefined) problems.push(`${path} is not a list of ids`);
    for (const id of listed ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function chosenIds(value: JsonValue | undefined): string[] | undefined {
  if (isNonEmptyString(value)) return [value];
  return Array.isArray(value) && value.every(isNonEmptyString) ? value : undefined;
}

const listWords = (ids: readonly string[]) => (ids.length === 0 ? 'none' : ids.join(', '));

export function evaluateSelection(input: RuleInput<SelectionParams>): RuleEvaluation {
  const { path } = input.params;
  const from = asList(input.params.from);
  const mustInclude = asList(input.params.mustInclude);
  const problems: string[] = [];
  const allowed = idsAt(input, [...new Set([...from, ...mustInclude])], problems);
  const required = idsAt(input, mustInclude, []); // problems already reported above
  const raw = readContextPath(input, path);
  const base = {
    path,
    from: [...from],
    mustInclude: [...mustInclude],
    value: raw ?? null,
    allowed,
    required,
  };
  if (problems.length > 0) {
    return refused('selection', `${problems.join('; ')}.`, 'VALIDATION_FAILED', base);
  }
  const chosen = chosenIds(raw);
  if (chosen === undefined) {
    return refused(
      'selection',
      `${path} must be an id or a list of ids.`,
      'VALIDATION_FAILED',
      base,
    );
  }
  const outside = chosen.filter((id) => !allowed.includes(id));
  const dropped = required.filter((id) => !chosen.includes(id));
  const details = {
    ...base,
    outside,
    dropped,
    passed: outside.length === 0 && dropped.length === 0,
  };
  if (details.passed) return satisfied('selection', details);
  const reasons: string[] = [];
  if (outside.length > 0) {
    reasons.push(
      `${outside.join(', ')} cannot be chosen (the choice is among ${listWords(allowed)})`,
    );
  }
  if (dropped.length > 0) reasons.push(`the choice must keep ${dropped.join(', ')}`);
  return refused('selection', `${reasons.join('; ')}.`, 'VALIDATION_FAILED', details);
}

const paths = {
  oneOf: [contextPathSchema, { type: 'array', minItems: 1, items: contextPathSchema }],
};

export const selectionRule: RuleSpec<SelectionParams> = {
  type: 'selection',
  description:
    'Requires a choice of ids to come from given lists and to keep the ids that must stay, e.g. the head choosing among candidates tied for second place.',
  checkParams: paramsChecker<SelectionParams>({
    type: 'object',
    required: ['path', 'from'],
    additionalProperties: false,
    properties: { path: contextPathSchema, from: paths, mustInclude: paths },
  }),
  evaluate: evaluateSelection,
};
