/**
 * `collect` (deciding): records one of several required items, each once, e.g. the rotation
 * consultation of the sending and the receiving unit (QĐ 65 Art. 6–7). `facts[fact]` holds the
 * items recorded so far, keyed by value (the whole payload of each). Results: COMPLETE once every
 * value is recorded, else PENDING.
 */
import { isJsonObject, ownValue } from '../definition/json.js';
import { distinctStrings, paramsChecker } from './check-params.js';
import { readPayloadField } from './context-path.js';
import { refused, satisfied } from './evaluation.js';
import { message } from '../messages/message.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface CollectParams {
  /** Payload field naming the item, e.g. `from`. */
  readonly field: string;
  /** Every item required, e.g. `[sendingUnit, receivingUnit]`. */
  readonly values: readonly string[];
  /** Fact holding the items recorded so far, keyed by value. */
  readonly fact: string;
}

export type CollectResult = 'COMPLETE' | 'PENDING';

export function evaluateCollect(input: RuleInput<CollectParams>): RuleEvaluation {
  const { field, values, fact } = input.params;
  const value = readPayloadField(input, field);
  const stored = ownValue(input.context.facts, fact);
  const already = isJsonObject(stored) ? values.filter((v) => Object.hasOwn(stored, v)) : [];
  const base = { field, values: [...values], fact, value: value ?? null, recordedBefore: already };
  if (typeof value !== 'string' || !values.includes(value)) {
    return refused(
      'collect',
      message('choice.invalid', { field, values: [...values], got: JSON.stringify(value ?? null) }),
      'VALIDATION_FAILED',
      base,
    );
  }
  if (stored !== undefined && stored !== null && !isJsonObject(stored)) {
    return refused(
      'collect',
      message('collect.notObject', { fact, field }),
      'VALIDATION_FAILED',
      base,
    );
  }
  if (already.includes(value)) {
    return refused('collect', message('collect.already', { value }), 'RULE_NOT_SATISFIED', base);
  }
  const recorded = values.filter((v) => v === value || already.includes(v));
  const missing = values.filter((v) => !recorded.includes(v));
  const result: CollectResult = missing.length === 0 ? 'COMPLETE' : 'PENDING';
  return satisfied('collect', { ...base, recorded, missing, result }, result);
}

export const collectRule: RuleSpec<CollectParams> = {
  type: 'collect',
  description:
    "Records one of several required items (e.g. the sending and receiving units' opinions), each once, and decides COMPLETE or PENDING.",
  checkParams: paramsChecker<CollectParams>({
    type: 'object',
    required: ['field', 'values', 'fact'],
    additionalProperties: false,
    properties: {
      // A top-level payload field: `record` reads it the same way.
      field: { type: 'string', pattern: '^[^.]+$' },
      values: distinctStrings,
      fact: { type: 'string', pattern: '^[^.]+$' },
    },
  }),
  results: (params) => (params.values.length > 1 ? ['COMPLETE', 'PENDING'] : ['COMPLETE']),
  evaluate: evaluateCollect,
  factsRecorded: (params) => [params.fact],
  record({ context, event, params }) {
    const key = event.payload[params.field];
    const existing = ownValue(context.facts, params.fact);
    const collected = isJsonObject(existing) ? existing : {};
    if (typeof key !== 'string') return {};
    return { facts: { ...context.facts, [params.fact]: { ...collected, [key]: event.payload } } };
  },
};
