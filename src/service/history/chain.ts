/**
 * The history's hash chain (SPEC §3.5): `hash = sha256_hex(prevHash + JCS(entry without hash))`,
 * JCS being RFC 8785 canonical JSON, and `prevHash` of the first entry 64 zeros. Anyone holding
 * the entries can recompute every hash with nothing but a SHA-256 tool.
 */
import type { JsonValue } from '../../engine/index.js';
import { NOT_PLAIN, canonicalJson, plainCanonical, sha256Hex } from '../common/canonical-json.js';
import {
  HASHED_FIELDS,
  pickEntry,
  type HistoryEntryView,
  type UnhashedEntry,
} from './history-fields.js';

export type { HistoryEntryView, UnhashedEntry } from './history-fields.js';
export { HISTORY_ENTRY_FIELDS } from './history-fields.js';

/** The `prevHash` of the first entry of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The end of a chain, as the next entry needs it: nothing before the first entry. */
export interface ChainLink {
  readonly seq: number;
  readonly hash: string;
}

/** `sha256_hex(prevHash + JCS(body))`, the rule of both chains (the body holds `prevHash` too). */
export function linkHash(prevHash: string, body: JsonValue): string {
  return sha256Hex(prevHash + canonicalJson(body));
}

/**
 * The next link of a chain after `head` (null: the chain is empty): `seq` is head.seq + 1 or 1,
 * `prevHash` head.hash or GENESIS_HASH, and `hash` what `hashOf` computes over the rest.
 */
export function nextLink<
  Body extends object,
  Linked extends Body & { seq: number; prevHash: string },
>(
  head: ChainLink | null,
  body: Body,
  hashOf: (unhashed: Linked) => string,
): Linked & { hash: string } {
  const unhashed = {
    ...body,
    seq: head ? head.seq + 1 : 1,
    prevHash: head?.hash ?? GENESIS_HASH,
  } as Linked;
  return { ...unhashed, hash: hashOf(unhashed) };
}

/**
 * The hashed fields in JCS order, each with the text before its value (`{"actorId":`,
 * `,"at":`, …): an entry's canonical body is then one pass over them.
 */
const HASHED_IN_CANONICAL_ORDER = [...HASHED_FIELDS].sort().map((field, index) => ({
  field,
  prefix: `${index === 0 ? '{' : ','}${JSON.stringify(field)}:`,
}));

/**
 * `canonicalJson` of an entry's hashed body — every field of SPEC §3.5 but the hash — in one
 * pass (checked against the reference by a property test). A field that is missing, or a value
 * that is not plain JSON, takes the general path.
 */
export function entryBodyJson(entry: UnhashedEntry): string {
  try {
    let text = '';
    for (const { field, prefix } of HASHED_IN_CANONICAL_ORDER) {
      const value: unknown = entry[field];
      if (value === undefined || typeof value === 'symbol') throw NOT_PLAIN;
      text += prefix + plainCanonical(value);
    }
    return `${text}}`;
  } catch (error) {
    if (error !== NOT_PLAIN) throw error;
  }
  const body: Record<string, unknown> = {};
  for (const field of HASHED_FIELDS) body[field] = entry[field];
  return canonicalJson(body);
}

/** The hash of a history entry: over exactly the fields of SPEC §3.5 but the hash. */
export function hashEntry(entry: UnhashedEntry): string {
  return sha256Hex(entry.prevHash + entryBodyJson(entry));
}

/** What a step adds to a case's history: an entry without its place in the chain. */
export type HistoryStep = Omit<UnhashedEntry, 'seq' | 'prevHash'>;

/** The entry that follows `head` in a case's history (null: the case has none yet). */
export function nextEntry(head: ChainLink | null, step: HistoryStep): HistoryEntryView {
  return pickEntry(nextLink<HistoryStep, UnhashedEntry>(head, step, hashEntry));
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
