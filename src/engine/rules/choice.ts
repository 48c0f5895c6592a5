/**
 * `choice` (deciding): the result is a payload field's value, one of a fixed list, e.g. the head's
 * `HEAD_DECIDE {outcome: approve|reject}` after a tie at exactly half.
 */
import { distinctStrings, paramsChecker } from './check-params.js';
import { payloadFieldSchema, readPayloadField } from './context-path.js';
import { refused, satisfied } from './evaluation.js';
import { message } from '../messages/message.js';
import type { RuleEvaluation, RuleInput, RuleSpec } from './rule.js';

export interface ChoiceParams {
  /** Payload field holding the choice. */
  readonly field: string;
  /** The values it may take; each is a result. */
  readonly values: readonly string[];
}

export function evaluateChoice(input: RuleInput<ChoiceParams>): RuleEvaluation {
  const { field, values } = input.params;
  const value = readPayloadField(input, field);
  const details = { field, values: [...values], value: value ?? null };
  if (typeof value !== 'string' || !values.includes(value)) {
    return refused(
      'choice',
      message('choice.invalid', { field, values: [...values], got: JSON.stringify(value ?? null) }),
      'VALIDATION_FAILED',
      details,
    );
  }
  return satisfied('choice', { ...details, result: value }, value);
}

export const choiceRule: RuleSpec<ChoiceParams> = {
  type: 'choice',
  description:
    "Decides by a payload field's value, which must be one of the listed values (e.g. the head's approve or reject).",
  checkParams: paramsChecker<ChoiceParams>({
    type: 'object',
    required: ['field', 'values'],
    additionalProperties: false,
    properties: { field: payloadFieldSchema, values: distinctStrings },
  }),
  results: (params) => [...params.values],
  evaluate: evaluateChoice,
};
