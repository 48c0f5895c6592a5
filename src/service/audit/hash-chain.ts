/**
 * The history's hash chain (SPEC §3.5): `hash = sha256_hex(prevHash + JCS(entry without hash))`,
 * JCS being RFC 8785 canonical JSON, and `prevHash` of the first entry 64 zeros. Anyone holding
 * the entries can recompute every hash with nothing but a SHA-256 tool.
 */
import { createHash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';
import type { JsonObject, JsonValue } from '../../engine/index.js';

// canonicalize is CommonJS; under NodeNext its default import is the module object.
const canonicalize = ((canonicalizeModule as unknown as { default?: unknown }).default ??
  canonicalizeModule) as (value: unknown) => string | undefined;

export const GENESIS_HASH = '0'.repeat(64);

/** A history entry exactly as the history and audit APIs return it. */
export interface HistoryEntryView {
  readonly seq: number;
  readonly caseId: string;
  readonly at: string;
  readonly event: string;
  readonly from: string | null;
  readonly to: string;
  readonly actorId: string;
  readonly roles: readonly string[];
  readonly payload: JsonObject;
  readonly comment: string | null;
  readonly outcome: JsonObject | null;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedEntry = Omit<HistoryEntryView, 'hash'>;

/** The fields of an entry, in the order of SPEC §3.5 (and of the CSV export's columns). */
export const HISTORY_ENTRY_FIELDS = [
  'seq',
  'caseId',
  'at',
  'event',
  'from',
  'to',
  'actorId',
  'roles',
  'payload',
  'comment',
  'outcome',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof HistoryEntryView)[];

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value has no JSON representation');
  return text;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function hashEntry(entry: UnhashedEntry): string {
  const { seq, caseId, at, event, from, to, actorId, roles, payload, comment, outcome, prevHash } =
    entry;
  const body: JsonValue = {
    seq,
    caseId,
    at,
    event,
    from,
    to,
    actorId,
    roles: [...roles],
    payload,
    comment,
    outcome,
    prevHash,
  };
  return sha256Hex(prevHash + canonicalJson(body));
}

export type ChainVerification =
  | { readonly valid: true; readonly entries: number; readonly head: string }
  | { readonly valid: false; readonly brokenAt: number; readonly reason: string };

/** What the case row says about the end of its history (SPEC §3.3). */
export interface CaseHead {
  /** The row's dotted state path. */
  readonly state: string;
  readonly revision: number;
  readonly headHash: string;
  /** The row's snapshot's state value, as a dotted path. */
  readonly snapshotState: string;
}

/**
 * Where a case row disagrees with the last entry of its history, in plain words; null when it
 * agrees. `last` is null for a case without any entry.
 */
export function caseHeadDisagreement(
  head: CaseHead,
  last: Pick<HistoryEntryView, 'seq' | 'to' | 'hash'> | null,
): string | null {
  const problems: string[] = [];
  const lastSeq = last?.seq ?? 0;
  if (head.revision !== lastSeq) {
    problems.push(
      `the case is at revision ${head.revision} but its history ends at entry ${lastSeq}`,
    );
  }
  if (last && head.state !== last.to) {
    problems.push(
      `the case is in state "${head.state}" but entry ${lastSeq} leads to "${last.to}"`,
    );
  }
  if (head.headHash !== (last?.hash ?? GENESIS_HASH)) {
    problems.push(`the case's head hash is not the hash of entry ${lastSeq}`);
  }
  if (head.snapshotState !== head.state) {
    problems.push(
      `the case's snapshot is in state "${head.snapshotState}" but its row says "${head.state}"`,
    );
  }
  return problems.length === 0 ? null : problems.join('; ');
}

/**
 * Recomputes a case's chain, oldest entry first: every hash, `prevHash` links, `seq` from 1 with
 * no gap, and continuity (`from` of the first entry is null, of entry n the `to` of entry n−1).
 * Given the case row's head, the row must also agree with the last entry (state, revision, head
 * hash, and its snapshot's state): a case moved in the database without an entry is broken
 * after its last entry.
 */
export function verifyChain(
  entries: readonly HistoryEntryView[],
  head?: CaseHead,
): ChainVerification {
  let previous = GENESIS_HASH;
  let previousTo: string | null = null;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return {
        valid: false,
        brokenAt: expectedSeq,
        reason: `entry ${expectedSeq} is missing (found ${entry.seq})`,
      };
    }
    if (entry.prevHash !== previous) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason: `prevHash of entry ${entry.seq} does not match the hash of the entry before it`,
      };
    }
    const recomputed = hashEntry(entry);
    if (recomputed !== entry.hash) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} does not match its hash: its content was changed`,
      };
    }
    if (entry.from !== previousTo) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason:
          previousTo === null
            ? `entry ${entry.seq} starts from "${String(entry.from)}" but the first entry opens the case (from null)`
            : `entry ${entry.seq} starts from "${String(entry.from)}" but entry ${entry.seq - 1} leads to "${previousTo}"`,
      };
    }
    previous = entry.hash;
    previousTo = entry.to;
    expectedSeq += 1;
  }
  if (head) {
    const last = entries[entries.length - 1] ?? null;
    const disagreement = caseHeadDisagreement(head, last);
    if (disagreement !== null) {
      return { valid: false, brokenAt: entries.length + 1, reason: disagreement };
    }
  }
  return { valid: true, entries: entries.length, head: previous };
}
