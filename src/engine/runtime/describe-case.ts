/**
 * What a case offers to a given caller right now: the events it may send (`availableEvents`)
 * and what the current step still waits for (`pendingApprovals`), each asked of the rules'
 * `offers` and `pending` hooks. Pure.
 */
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import { transitionKey } from '../compiler/compile-workflow.js';
import type { JsonObject } from '../definition/json.js';
import { acceptedEvents } from '../definition/state-tree.js';
import type { LocalizedText } from '../definition/workflow-definition.js';
import type { Actor } from '../rules/rule.js';
import { currentState } from './step-workflow.js';
import type { StoredSnapshot } from './snapshot.js';

export interface AvailableEvent {
  readonly type: string;
  readonly roles: readonly string[];
  readonly title: LocalizedText | null;
  /** JSON Schema of the payload, when the definition declares one. */
  readonly payload: JsonObject | null;
  readonly commentRequired: boolean;
}

export interface PendingApproval {
  /** The state whose step awaits the approval. */
  readonly state: string;
  readonly event: string;
  readonly role: string;
}

/**
 * Events `actor` may send in the case's current state: declared there (or inherited), open to
 * one of its roles, and offered by each of its rules (approvals: not barred by separation of
 * duties).
 */
export function availableEvents(
  compiled: CompiledWorkflow,
  stored: StoredSnapshot,
  actor: Actor,
  now: string,
): AvailableEvent[] {
  if (stored.status !== 'active') return [];
  const leaf = currentState(compiled, stored);
  const result: AvailableEvent[] = [];
  for (const { event, transition, source } of acceptedEvents(leaf)) {
    if (!actor.roles.some((role) => transition.roles.includes(role))) continue;
    const handler = compiled.transitions.get(transitionKey(source.id, event));
    const offered = (handler?.rules ?? []).every(
      (rule) =>
        rule.spec.offers?.({
          context: stored.context,
          event: { type: event, payload: {}, actor, now },
          params: rule.params,
          stateId: source.id,
        }) ?? true,
    );
    if (!offered) continue;
    result.push({
      type: event,
      roles: transition.roles,
      title: transition.title ?? null,
      payload: transition.payload ?? null,
      commentRequired: transition.comment === 'required',
    });
  }
  return result;
}

/** What the current step still waits for under its rules (the approvals), whoever may give them. */
export function pendingApprovals(
  compiled: CompiledWorkflow,
  stored: StoredSnapshot,
): PendingApproval[] {
  if (stored.status !== 'active') return [];
  const leaf = currentState(compiled, stored);
  const pending: PendingApproval[] = [];
  for (const { event, source } of acceptedEvents(leaf)) {
    const handler = compiled.transitions.get(transitionKey(source.id, event));
    for (const rule of handler?.rules ?? []) {
      const items =
        rule.spec.pending?.({
          context: stored.context,
          params: rule.params,
          stateId: source.id,
          event,
        }) ?? [];
      for (const { role } of items) pending.push({ state: source.id, event, role });
    }
  }
  return pending;
}
