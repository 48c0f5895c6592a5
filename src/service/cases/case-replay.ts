/**
 * A case's whole history replayed through the pure engine and compared with the stored case: an
 * edit of the snapshot that keeps its state (a recorded approval, a vote, a fact) or of the
 * subject or data shows here, where the hash chain alone cannot see it.
 */
import {
  startWorkflow,
  stepWorkflow,
  type Actor,
  type CompiledWorkflow,
  type StepResult,
} from '../../engine/index.js';
import { canonicalJson } from '../common/canonical-json.js';
import type { ChainVerification, HistoryEntryView } from '../history/chain.js';
import type { CaseRecord } from './case.store.js';

type Broken = Extract<ChainVerification, { valid: false }>;

const broken = (brokenAt: number, reason: string): Broken => ({ valid: false, brokenAt, reason });

const actorOfEntry = (entry: HistoryEntryView): Actor => ({
  id: entry.actorId,
  roles: [...entry.roles],
});

/** Null when the history leads to the stored case, else where it breaks. */
export function replayCase(
  compiled: CompiledWorkflow,
  row: CaseRecord,
  entries: readonly HistoryEntryView[],
): Broken | null {
  const [opening, ...events] = entries;
  if (!opening) return null;
  const payload = opening.payload;
  if (
    opening.event !== 'CREATE' ||
    payload['workflow'] !== row.workflowKey ||
    payload['workflowVersion'] !== row.workflowVersion
  ) {
    return broken(
      1,
      `entry 1 does not open this case on ${row.workflowKey} v${row.workflowVersion}`,
    );
  }
  if (
    canonicalJson(payload['subject'] ?? null) !== canonicalJson(row.subject) ||
    canonicalJson(payload['data'] ?? null) !== canonicalJson(row.data)
  ) {
    return broken(1, 'the case subject or data is not what entry 1 recorded when it was opened');
  }
  let result: StepResult = startWorkflow(compiled, {
    subject: payload['subject'],
    data: payload['data'],
    actor: actorOfEntry(opening),
    now: opening.at,
  });
  if (!result.accepted || result.to !== opening.to) {
    return broken(1, 'replaying entry 1 through the workflow does not open the case as recorded');
  }
  for (const entry of events) {
    result = stepWorkflow(compiled, result.snapshot, {
      type: entry.event,
      payload: entry.payload,
      comment: entry.comment,
      actor: actorOfEntry(entry),
      now: entry.at,
    });
    if (!result.accepted) {
      return broken(
        entry.seq,
        `replaying entry ${entry.seq} through the workflow is refused (${result.code}: ${result.reason})`,
      );
    }
    if (result.to !== entry.to) {
      return broken(
        entry.seq,
        `replaying entry ${entry.seq} through the workflow leads to "${result.to}", not "${entry.to}"`,
      );
    }
  }
  if (canonicalJson(result.snapshot) !== canonicalJson(row.snapshot)) {
    return broken(
      entries.length + 1,
      `the case's stored snapshot is not what its history leads to (approvals, votes, facts or deadlines were changed)`,
    );
  }
  return null;
}
