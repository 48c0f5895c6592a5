/**
 * `tieBreak` (deciding): the head's decision after a tie at exactly half (SPEC §4.2
 * `HEAD_DECIDE {outcome, chosen?, justification}`). When the tie is between candidates and more
 * are tied than posts are open, `chosen` is required and names the one (or, for several posts,
 * the ones) the head picks; the case then carries exactly those appointees (SPEC §5.2
 * corrections). Results: `approve`, `reject`. Details: `nominees`, the candidates going on,
 * which the rule records as `facts.nominees`.
 */
import { isJsonObject, type JsonObject, type JsonValue } from '../definition/json.js';
import { message } from '../messages/message.js';
import { paramsChecker } from './check-params.js';
import {
  contextPathSchema,
  idsOf,
  payloadFieldSchema,
  readContextPath,
  readPayloadField,
} from './context-path.js';
import { isCount, isNonEmptyString, refused, satisfied } from './evaluation.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface TieBreakParams {
  /** Context path of the tied vote's record. Default `facts.lastVote`. */
  readonly vote?: string;
  /** Payload field of the decision (`approve` | `reject`). Default `outcome`. */
  readonly outcome?: string;
  /** Payload field naming the chosen candidate(s). Default `chosen`. */
  readonly chosen?: string;
}

export const TIE_BREAK_RESULTS = ['approve', 'reject'] as const;

function chosenList(value: JsonValue | undefined): string[] | null | undefined {
  if (value === undefined || value === null) return undefined;
  if (isNonEmptyString(value)) return [value];
  if (Array.isArray(value) && value.length > 0 && value.every(isNonEmptyString)) return value;
  return null;
}

export function evaluateTieBreak(input: RuleInput<TieBreakParams>): RuleEvaluation {
  const votePath = input.params.vote ?? 'facts.lastVote';
  const outcomeField = input.params.outcome ?? 'outcome';
  const chosenField = input.params.chosen ?? 'chosen';
  const outcome = readPayloadField(input, outcomeField);
  const rawChosen = readPayloadField(input, chosenField);
  const base: JsonObject = { vote: votePath, outcome: outcome ?? null, chosen: rawChosen ?? null };
  if (outcome !== 'approve' && outcome !== 'reject') {
    return refused(
      'tieBreak',
      message('choice.invalid', {
        field: outcomeField,
        values: [...TIE_BREAK_RESULTS],
        got: JSON.stringify(outcome ?? null),
      }),
      'VALIDATION_FAILED',
      base,
    );
  }
  const record = readContextPath(input, votePath);
  const details = isJsonObject(record) ? record['details'] : undefined;
  if (!isJsonObject(record) || record['result'] !== 'TIE' || !isJsonObject(details)) {
    return refused(
      'tieBreak',
      message('tieBreak.noTie', { path: votePath }),
      'RULE_NOT_SATISFIED',
      base,
    );
  }
  const tied = idsOf(details['tied']) ?? [];
  const ahead = idsOf(details['ahead']) ?? [];
  const openSlots = isCount(details['openSlots']) ? details['openSlots'] : 1;
  const chosen = chosenList(rawChosen);
  const tie: JsonObject = { ...base, tied, ahead, openSlots };
  if (chosen === null) {
    return refused(
      'tieBreak',
      message('tieBreak.chosenCount', { count: openSlots, tied, got: JSON.stringify(rawChosen) }),
      'VALIDATION_FAILED',
      tie,
    );
  }
  if (outcome === 'reject') {
    if (chosen !== undefined)
      return refused('tieBreak', message('tieBreak.chosenOnReject'), 'VALIDATION_FAILED', tie);
    return satisfied('tieBreak', { ...tie, result: 'reject' }, 'reject');
  }
  if (tied.length === 0) {
    // A yes/no tie: the head approves or rejects the proposal; there is nobody to choose.
    if (chosen !== undefined)
      return refused('tieBreak', message('tieBreak.nothingToChoose'), 'VALIDATION_FAILED', tie);
    return satisfied('tieBreak', { ...tie, result: 'approve' }, 'approve');
  }
  if (chosen === undefined) {
    if (tied.length > openSlots) {
      return refused(
        'tieBreak',
        message('tieBreak.chosenRequired', { tied, count: openSlots }),
        'VALIDATION_FAILED',
        tie,
      );
    }
    return satisfied(
      'tieBreak',
      { ...tie, nominees: [...ahead, ...tied], result: 'approve' },
      'approve',
    );
  }
  const outside = chosen.filter((id) => !tied.includes(id));
  if (outside.length > 0) {
    return refused(
      'tieBreak',
      message('tieBreak.chosenNotTied', { ids: outside, tied }),
      'VALIDATION_FAILED',
      tie,
    );
  }
  const distinct = [...new Set(chosen)];
  const expected = Math.min(openSlots, tied.length);
  if (distinct.length !== expected) {
    return refused(
      'tieBreak',
      message('tieBreak.chosenCount', { count: expected, tied, got: distinct.length }),
      'VALIDATION_FAILED',
      tie,
    );
  }
  return satisfied(
    'tieBreak',
    { ...tie, nominees: [...ahead, ...distinct], result: 'approve' },
    'approve',
  );
}

export const tieBreakRule: RuleSpec<TieBreakParams> = {
  type: 'tieBreak',
  description:
    "Decides approve or reject after a tie at exactly half; when candidates are tied for fewer posts, requires the head's `chosen` among them and records the nominees going on.",
  checkParams: paramsChecker<TieBreakParams>({
    type: 'object',
    additionalProperties: false,
    properties: {
      vote: contextPathSchema,
      outcome: payloadFieldSchema,
      chosen: payloadFieldSchema,
    },
  }),
  results: () => [...TIE_BREAK_RESULTS],
  evaluate: evaluateTieBreak,
  factsRecorded: () => ['nominees'],
  record({ context, evaluation }) {
    const nominees = evaluation.details['nominees'];
    return Array.isArray(nominees) ? { facts: { ...context.facts, nominees } } : {};
  },
};
