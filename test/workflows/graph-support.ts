/** Event generation for xstate/graph walks: every accepted event with each of its branch results. */
import {
  currentState,
  type CompiledWorkflow,
  type StoredSnapshot,
} from '../../src/engine/index.js';
import { acceptedEvents } from '../../src/engine/definition/state-tree.js';
import type { EngineEvent } from '../../src/engine/compiler/case-context.js';

export * from '../../src/engine/index.js';

export function acceptedEventsForGraph(compiled: CompiledWorkflow, value: unknown): EngineEvent[] {
  const leaf = currentState(compiled, {
    status: 'active',
    value,
    context: {},
  } as unknown as StoredSnapshot);
  const events: EngineEvent[] = [];
  for (const { event, transition } of acceptedEvents(leaf)) {
    const results = transition.branches ? Object.keys(transition.branches) : [null];
    for (const result of results) {
      events.push({
        type: event,
        payload: {},
        comment: null,
        actor: { id: 'graph', roles: transition.roles },
        now: '2026-01-05T00:00:00Z',
        result,
        evaluations: [],
      });
    }
  }
  return events;
}
