/**
 * A dry run: opens a case of a (draft) definition in memory and sends it a list of events with the
 * pure `startWorkflow` / `stepWorkflow`, exactly as the service would, and reports every step.
 * A refused event changes nothing, as in the service, and the next event is tried on the same
 * case. Nothing is stored; no clock is read (each event carries its time, or takes the previous).
 */
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import type { JsonObject, JsonValue } from '../definition/json.js';
import type { Actor } from '../rules/rule.js';
import type { StoredSnapshot } from './snapshot.js';
import { startWorkflow, stepWorkflow, type Effect, type StepResult } from './step-workflow.js';

export interface SimulatedEvent {
  readonly type: string;
  readonly payload?: JsonObject;
  readonly comment?: string;
  readonly roles: readonly string[];
  /** Who sends it (separation of duties is checked per actor); `sim-<roles>` by default. */
  readonly actorId?: string;
  /** ISO-8601 instant; by default the previous event's (the first: the simulation's start). */
  readonly at?: string;
}

export interface SimulationRequest {
  readonly subject: JsonObject;
  readonly data?: JsonObject;
  /** When the case opens (ISO-8601 instant). */
  readonly start: string;
  readonly events: readonly SimulatedEvent[];
}

export interface SimulatedStep {
  /** 0 for opening the case (`CREATE`), then 1… per event. */
  readonly index: number;
  readonly event: string;
  readonly at: string;
  readonly actorId: string;
  readonly accepted: boolean;
  /** The state before the event (null when the case opens). */
  readonly from: string | null;
  /** The state after the event: unchanged when refused. */
  readonly state: string;
  readonly status: 'active' | 'completed';
  readonly result: string | null;
  /** Refusals: the code and reason the service would answer with. */
  readonly code?: string;
  readonly reason?: string;
  readonly details?: JsonObject;
  /** Accepted: what the rules decided, as the history entry would record it. */
  readonly outcome?: JsonObject | null;
  readonly effects?: readonly Effect[];
}

export interface SimulationReport {
  readonly steps: readonly SimulatedStep[];
  /** The case at the end: state, status, ending and recorded facts. */
  readonly final: {
    readonly state: string | null;
    readonly status: 'active' | 'completed' | 'notOpened';
    readonly result: string | null;
    readonly facts: JsonObject;
  };
  readonly accepted: number;
  readonly refused: number;
}

function defaultActor(roles: readonly string[]): string {
  return `sim-${[...roles].sort().join('+') || 'nobody'}`;
}

function toJson(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value ?? {})) as JsonObject;
}

export function simulateWorkflow(
  compiled: CompiledWorkflow,
  request: SimulationRequest,
): SimulationReport {
  const steps: SimulatedStep[] = [];
  const record = (
    index: number,
    event: string,
    at: string,
    actor: Actor,
    from: string | null,
    before: { state: string; status: 'active' | 'completed'; finalState: string | null },
    step: StepResult,
  ) => {
    if (step.accepted) {
      steps.push({
        index,
        event,
        at,
        actorId: actor.id,
        accepted: true,
        from,
        state: step.to,
        status: step.status,
        result: step.finalState,
        outcome: step.evaluations,
        effects: step.effects,
      });
    } else {
      steps.push({
        index,
        event,
        at,
        actorId: actor.id,
        accepted: false,
        from,
        state: before.state,
        status: before.status,
        result: before.finalState,
        code: step.code,
        reason: step.reason,
        details: step.details,
      });
    }
  };

  const opener: Actor = { id: defaultActor(['clerk']), roles: ['clerk'] };
  const opened = startWorkflow(compiled, {
    subject: request.subject,
    data: request.data ?? {},
    actor: opener,
    now: request.start,
  });
  record(
    0,
    'CREATE',
    request.start,
    opener,
    null,
    { state: '', status: 'active', finalState: null },
    opened,
  );
  if (!opened.accepted) {
    return {
      steps,
      final: { state: null, status: 'notOpened', result: null, facts: {} },
      accepted: 0,
      refused: 1,
    };
  }

  let snapshot: StoredSnapshot = opened.snapshot;
  let state = opened.to;
  let status: 'active' | 'completed' = opened.status;
  let finalState: string | null = opened.finalState;
  let at = request.start;
  request.events.forEach((event, position) => {
    at = event.at ?? at;
    const actor: Actor = {
      id: event.actorId ?? defaultActor(event.roles),
      roles: [...event.roles],
    };
    const step = stepWorkflow(compiled, snapshot, {
      type: event.type,
      payload: event.payload ?? {},
      comment: event.comment ?? null,
      actor,
      now: at,
    });
    record(position + 1, event.type, at, actor, state, { state, status, finalState }, step);
    if (step.accepted) {
      snapshot = step.snapshot;
      state = step.to;
      status = step.status;
      finalState = step.finalState;
    }
  });
  const accepted = steps.filter((step) => step.accepted).length;
  return {
    steps,
    final: {
      state,
      status,
      result: finalState,
      facts: toJson((snapshot.context as { facts?: JsonValue }).facts),
    },
    accepted,
    refused: steps.length - accepted,
  };
}
