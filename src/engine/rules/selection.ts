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
import { isCount, isNonEmptyString, refused, satisfied } from './evaluation.js';
import { message, type Message } from '../messages/message.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface SelectionParams {
  /** Context path of the chosen id or ids, e.g. `payload.nominees`. */
  readonly path: string;
  /** Context path(s) of the ids that may be chosen (arrays of ids or of objects with an `id`). */
  readonly from: string | readonly string[];
  /** Context path(s) of ids the choice must include, e.g. the candidate ahead. */
  readonly mustInclude?: string | readonly string[];
  /** Context path of how many ids the choice must name, e.g. `facts.lastVote.details.slots`. */
  readonly countFrom?: string;
}

const asList = (paths: string | readonly string[] | undefined): readonly string[] =>
  paths === undefined ? [] : typeof paths === 'string' ? [paths] : paths;

/** The ids listed at every path, in order, without repeats. A missing list adds nothing. */
function idsAt(
  input: RuleInput<SelectionParams>,
  paths: readonly string[],
  problems: Message[],
): string[] {
  const ids: string[] = [];
  for (const path of paths) {
    const value = readContextPath(input, path);
    if (value === undefined || value === null) continue;
    const listed = idsOf(value);
    if (listed === undefined) problems.push(message('selection.notList', { path }));
    for (const id of listed ?? []) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function chosenIds(value: JsonValue | undefined): string[] | undefined {
  if (isNonEmptyString(value)) return [value];
  return Array.isArray(value) && value.every(isNonEmptyString) ? value : undefined;
}

export function evaluateSelection(input: RuleInput<SelectionParams>): RuleEvaluation {
  const { path } = input.params;
  const from = asList(input.params.from);
  const mustInclude = asList(input.params.mustInclude);
  const problems: Message[] = [];
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
    return refused(
      'selection',
      message('selection.problems', { problems }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const chosen = chosenIds(raw);
  if (chosen === undefined) {
    return refused('selection', message('selection.notIds', { path }), 'VALIDATION_FAILED', base);
  }
  const outside = chosen.filter((id) => !allowed.includes(id));
  const dropped = required.filter((id) => !chosen.includes(id));
  const countValue =
    input.params.countFrom === undefined
      ? undefined
      : readContextPath(input, input.params.countFrom);
  const count = isCount(countValue) ? countValue : null;
  const wrongCount = count !== null && new Set(chosen).size !== count;
  const details = {
    ...base,
    outside,
    dropped,
    ...(input.params.countFrom === undefined ? {} : { count }),
    passed: outside.length === 0 && dropped.length === 0 && !wrongCount,
  };
  if (details.passed) return satisfied('selection', details);
  const reasons: Message[] = [];
  if (outside.length > 0) {
    reasons.push(
      message('selection.outside', {
        ids: outside,
        allowed: allowed.length === 0 ? message('selection.none') : allowed.join(', '),
      }),
    );
  }
  if (dropped.length > 0) reasons.push(message('selection.mustKeep', { ids: dropped }));
  if (wrongCount) reasons.push(message('selection.count', { count, got: new Set(chosen).size }));
  return refused(
    'selection',
    message('selection.problems', { problems: reasons }),
    'VALIDATION_FAILED',
    details,
  );
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
    properties: {
      path: contextPathSchema,
      from: paths,
      mustInclude: paths,
      countFrom: contextPathSchema,
    },
  }),
  evaluate: evaluateSelection,
};
