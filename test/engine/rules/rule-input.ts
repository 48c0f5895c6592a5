/** Builds rule inputs for the rule specs: an empty case, overridable piece by piece. */
import { expect } from '@jest/globals';
import type { JsonObject } from '../../../src/engine/definition/json.js';
import type { Actor, ApprovalRecord, RuleInput } from '../../../src/engine/rules/rule.js';

export interface InputOverrides {
  readonly payload?: JsonObject;
  readonly subject?: JsonObject;
  readonly facts?: JsonObject;
  readonly data?: JsonObject;
  readonly approvals?: Record<string, readonly ApprovalRecord[]>;
  readonly enteredBy?: Record<string, string>;
  readonly actor?: Actor;
  readonly now?: string;
  readonly stateId?: string;
  readonly type?: string;
}

export const clerk: Actor = { id: 'clerk-1', roles: ['clerk'] };

export function ruleInput<P>(params: P, overrides: InputOverrides = {}): RuleInput<P> {
  return {
    params,
    stateId: overrides.stateId ?? 'step',
    context: {
      subject: overrides.subject ?? {},
      data: overrides.data ?? {},
      facts: overrides.facts ?? {},
      approvals: overrides.approvals ?? {},
      enteredBy: overrides.enteredBy ?? {},
      deadlines: {},
    },
    event: {
      type: overrides.type ?? 'SUBMIT',
      payload: overrides.payload ?? {},
      actor: overrides.actor ?? clerk,
      now: overrides.now ?? '2025-06-15T03:00:00Z',
    },
  };
}

/** Details go verbatim into the hash-chained history: they must survive JSON unchanged. */
export function expectJsonOnly(value: unknown): void {
  expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
}
