/**
 * What a case offers to a given caller right now: the events it may send (`availableEvents`)
 * and the approvals the current step still waits for (`pendingApprovals`). Pure.
 */
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import { transitionKey } from '../compiler/compile-workflow.js';
import { isJsonObject, ownValue, type JsonObject } from '../definition/json.js';
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
 * one of its roles, and — for approvals — not barred by separation of duties.
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
    const approvals = handler?.rules.find((rule) => rule.type === 'approvals');
    if (approvals) {
      const evaluation = approvals.spec.evaluate({
        context: stored.context,
        event: { type: event, payload: {}, actor, now },
        params: approvals.params,
        stateId: source.id,
      });
      if (!evaluation.satisfied) continue;
    }
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

/** Approvals the current step still needs, whoever may give them. */
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
      if (rule.type !== 'approvals' || !isJsonObject(rule.params)) continue;
      const required = Array.isArray(rule.params['required']) ? rule.params['required'] : [];
      const given = new Set(
        (ownValue(stored.context.approvals, source.id) ?? []).map((approval) => approval.role),
      );
      for (const role of required) {
        if (typeof role === 'string' && !given.has(role))
          pending.push({ state: source.id, event, role });
      }
    }
  }
  return pending;
}
