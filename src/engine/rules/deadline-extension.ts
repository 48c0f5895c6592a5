/**
 * `deadlineExtension` (gate, implicit): not written in a definition's `rules` but attached by the
 * compiler to every event a deadline names as its `extension.event`. The event is refused unless
 * one of those deadlines is running and may still be extended; accepted, it stretches each of
 * them to its `maxAmount` (the step function turns that into an `extendDeadline` effect).
 */
import { ownValue } from '../definition/json.js';
import { message } from '../messages/message.js';
import { distinctStrings, paramsChecker } from './check-params.js';
import { refused, satisfied } from './evaluation.js';
import type { RuleSpec } from './rule.js';

export interface DeadlineExtensionParams {
  /** The deadlines the event extends. */
  readonly deadlines: readonly string[];
}

export const deadlineExtensionRule: RuleSpec<DeadlineExtensionParams> = {
  type: 'deadlineExtension',
  description:
    "Lets a deadline's extension event through while one of its deadlines runs and may still be extended, and stretches them to maxAmount.",
  checkParams: paramsChecker<DeadlineExtensionParams>({
    type: 'object',
    required: ['deadlines'],
    additionalProperties: false,
    properties: { deadlines: distinctStrings },
  }),
  evaluate({ context, event, params }) {
    const names = params.deadlines;
    const extendable = names.filter((name) => {
      const deadline = ownValue(context.deadlines, name);
      return deadline?.extension && deadline.extensions < deadline.extension.times;
    });
    if (extendable.length === 0) {
      // The step function answers with these details as they are (an implicit rule's refusal).
      return refused(
        'deadlineExtension',
        message('step.noExtension', { event: event.type, deadlines: [...names] }),
        'RULE_NOT_SATISFIED',
        { rule: 'deadlineExtension', reason: 'no extendable deadline', deadlines: [...names] },
      );
    }
    return satisfied('deadlineExtension', { extendable });
  },
  record({ context, params }) {
    let deadlines = context.deadlines;
    for (const name of params.deadlines) {
      const deadline = ownValue(deadlines, name);
      if (!deadline?.extension) continue;
      deadlines = {
        ...deadlines,
        [name]: {
          ...deadline,
          amount: deadline.extension.maxAmount,
          extensions: deadline.extensions + 1,
        },
      };
    }
    return { deadlines };
  },
};
