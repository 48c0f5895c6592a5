/** Stored snapshots: what a case keeps between events, and how to read its state from it. */
import type { JsonValue } from '../definition/json.js';
import type { CaseContext } from '../compiler/case-context.js';

/** XState's persisted snapshot of a case (plain JSON, safe to store). */
export interface StoredSnapshot {
  readonly status: 'active' | 'done' | 'error' | 'stopped';
  readonly value: JsonValue;
  readonly context: CaseContext;
  readonly historyValue?: JsonValue;
  readonly children?: JsonValue;
  readonly output?: JsonValue;
  readonly error?: JsonValue;
}

/** `{ proposal: 'policy' }` → `proposal.policy` (states are never parallel here). */
export function stateValueToPath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const [entry] = entries;
    if (entries.length === 1 && entry) {
      const rest = stateValueToPath(entry[1]);
      return rest ? `${entry[0]}.${rest}` : entry[0];
    }
  }
  return '';
}
