/**
 * A case's whole history replayed through the pure engine and compared with the stored case: an
 * edit of the snapshot that keeps its state (a recorded approval, a vote, a fact) or of the
 * subject or data shows here, where the hash chain alone cannot see it. A `MIGRATE` entry is
 * replayed too: the engine plans the move again from the snapshot replayed so far and must land
 * where the entry says; the events after it replay on the version it moved to.
 */
import {
  applyMigration,
  isJsonObject,
  planMigration,
  startWorkflow,
  stepWorkflow,
  type Actor,
  type CompiledWorkflow,
  type JsonObject,
  type StoredSnapshot,
} from '../../engine/index.js';
import { canonicalJson } from '../common/canonical-json.js';
import type { ChainVerification, HistoryEntryView } from '../history/chain.js';
import type { CaseRecord } from './case.store.js';
import { recordedRegistryFacts } from './registry-subject.js';

const registryFactsOf = (entry: HistoryEntryView) => {
  const registryFacts = recordedRegistryFacts(entry.outcome);
  return registryFacts === undefined ? {} : { registryFacts };
};

type Broken = Extract<ChainVerification, { valid: false }>;

const broken = (brokenAt: number, reason: string): Broken => ({ valid: false, brokenAt, reason });

const actorOfEntry = (entry: HistoryEntryView): Actor => ({
  id: entry.actorId,
  roles: [...entry.roles],
});

/** The history entry that moves a case to another version of its workflow (an admin's). */
export const MIGRATE_EVENT = 'MIGRATE';

/** What a `MIGRATE` entry's payload records. */
export interface MigratePayload {
  readonly fromVersion: number;
  readonly toVersion: number;
  readonly documentRef: string;
  readonly stateMapping: Readonly<Record<string, string>>;
}

/** The versions a history runs on: the one its CREATE entry names, then each MIGRATE's target. */
export function versionsOfHistory(entries: readonly HistoryEntryView[]): number[] {
  const versions = new Set<number>();
  for (const entry of entries) {
    const version =
      entry.event === 'CREATE'
        ? entry.payload['workflowVersion']
        : entry.event === MIGRATE_EVENT
          ? entry.payload['toVersion']
          : undefined;
    if (typeof version === 'number') versions.add(version);
  }
  return [...versions];
}

function migrationOf(payload: JsonObject): MigratePayload | null {
  const { fromVersion, toVersion, documentRef, stateMapping } = payload;
  if (typeof fromVersion !== 'number' || typeof toVersion !== 'number') return null;
  if (typeof documentRef !== 'string' || !isJsonObject(stateMapping)) return null;
  if (!Object.values(stateMapping).every((target) => typeof target === 'string')) return null;
  return {
    fromVersion,
    toVersion,
    documentRef,
    stateMapping: stateMapping as Record<string, string>,
  };
}

/**
 * Null when the history leads to the stored case, else where it breaks. `versions` holds the
 * compiled versions the history names (`versionsOfHistory`); a missing one breaks the replay.
 */
export function replayCase(
  versions: ReadonlyMap<number, CompiledWorkflow>,
  row: CaseRecord,
  entries: readonly HistoryEntryView[],
): Broken | null {
  const [opening, ...events] = entries;
  if (!opening) return null;
  const payload = opening.payload;
  const openedOn = payload['workflowVersion'];
  let compiled = typeof openedOn === 'number' ? versions.get(openedOn) : undefined;
  if (opening.event !== 'CREATE' || payload['workflow'] !== row.workflowKey || !compiled) {
    return broken(1, `entry 1 does not open this case on a version of ${row.workflowKey}`);
  }
  if (
    canonicalJson(payload['subject'] ?? null) !== canonicalJson(row.subject) ||
    canonicalJson(payload['data'] ?? null) !== canonicalJson(row.data)
  ) {
    return broken(1, 'the case subject or data is not what entry 1 recorded when it was opened');
  }
  const opened = startWorkflow(compiled, {
    subject: payload['subject'],
    data: payload['data'],
    actor: actorOfEntry(opening),
    now: opening.at,
  });
  if (!opened.accepted || opened.to !== opening.to) {
    return broken(1, 'replaying entry 1 through the workflow does not open the case as recorded');
  }
  let snapshot: StoredSnapshot = opened.snapshot;
  for (const entry of events) {
    if (entry.event === MIGRATE_EVENT) {
      const migration = migrationOf(entry.payload);
      const target = migration ? versions.get(migration.toVersion) : undefined;
      if (!migration || !target || migration.fromVersion !== compiled.definition.version) {
        return broken(
          entry.seq,
          `entry ${entry.seq} does not move the case from the version it was on (v${compiled.definition.version})`,
        );
      }
      const plan = planMigration(compiled, target, snapshot, {
        stateMapping: migration.stateMapping,
      });
      if (!plan.possible || plan.state.to !== entry.to) {
        return broken(
          entry.seq,
          `replaying entry ${entry.seq} (${MIGRATE_EVENT} to v${migration.toVersion}) does not lead to "${entry.to}"`,
        );
      }
      snapshot = applyMigration(target, snapshot, plan).snapshot;
      compiled = target;
      continue;
    }
    const result = stepWorkflow(compiled, snapshot, {
      type: entry.event,
      payload: entry.payload,
      comment: entry.comment,
      actor: actorOfEntry(entry),
      now: entry.at,
      // The registry's facts this event's rules used, as recorded: never the registry of today.
      ...registryFactsOf(entry),
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
    snapshot = result.snapshot;
  }
  if (compiled.definition.version !== row.workflowVersion) {
    return broken(
      entries.length + 1,
      `the case row says v${row.workflowVersion}, its history leads to v${compiled.definition.version}`,
    );
  }
  if (canonicalJson(snapshot) !== canonicalJson(row.snapshot)) {
    return broken(
      entries.length + 1,
      `the case's stored snapshot is not what its history leads to (approvals, votes, facts or deadlines were changed)`,
    );
  }
  return null;
}
