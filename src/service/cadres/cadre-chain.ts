/**
 * Each cadre's registry is its own hash chain (SPEC §7), by the rule of the case history
 * (history/chain.ts): `hash = sha256_hex(prevHash + JCS(entry without hash))`, the first
 * `prevHash` 64 zeros. An entry's hashed body is written out here, once.
 */
import { type JsonObject, type RegisterKind, type RegistryEntry } from '../../engine/index.js';
import {
  GENESIS_HASH,
  linkHash,
  nextLink,
  type ChainLink,
  type ChainVerification,
} from '../history/chain.js';

/** A registry entry exactly as the history route returns it and the hash covers it. */
export interface CadreEntryView {
  readonly cadreId: string;
  readonly seq: number;
  readonly kind: RegisterKind;
  readonly data: JsonObject | null;
  readonly supersedes: number | null;
  readonly void: boolean;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly caseId: string | null;
  readonly note: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedCadreEntry = Omit<CadreEntryView, 'hash'>;

/** The fields of an entry in their order (the hash body holds all but `hash`). */
export const CADRE_ENTRY_FIELDS = [
  'cadreId',
  'seq',
  'kind',
  'data',
  'supersedes',
  'void',
  'recordedAt',
  'recordedBy',
  'caseId',
  'note',
  'prevHash',
  'hash',
] as const satisfies readonly (keyof CadreEntryView)[];

/** The hash of a registry entry: over exactly its fields but the hash. */
export function hashCadreEntry(entry: UnhashedCadreEntry): string {
  const body: Record<string, unknown> = {};
  for (const field of CADRE_ENTRY_FIELDS) {
    if (field !== 'hash') body[field] = entry[field];
  }
  return linkHash(entry.prevHash, body as JsonObject);
}

/** An entry without its place in the chain. */
export type CadreEntryBody = Omit<UnhashedCadreEntry, 'seq' | 'prevHash'>;

/** The entry that follows `head` in a cadre's chain (null: it has none yet). */
export function nextCadreEntry(head: ChainLink | null, body: CadreEntryBody): CadreEntryView {
  const linked = nextLink<CadreEntryBody, UnhashedCadreEntry>(head, body, hashCadreEntry);
  const entry: Record<string, unknown> = {};
  for (const field of CADRE_ENTRY_FIELDS) entry[field] = linked[field];
  return entry as unknown as CadreEntryView;
}

/** The entry as the engine's fold reads it. */
export function toRegistryEntry(entry: CadreEntryView): RegistryEntry {
  return {
    seq: entry.seq,
    kind: entry.kind,
    ...(entry.data === null ? {} : { data: entry.data }),
    ...(entry.supersedes === null ? {} : { supersedes: entry.supersedes }),
    ...(entry.void ? { void: true } : {}),
    recordedAt: entry.recordedAt,
    recordedBy: entry.recordedBy,
    ...(entry.caseId === null ? {} : { caseId: entry.caseId }),
    ...(entry.note === null ? {} : { note: entry.note }),
  } as RegistryEntry;
}

/** What the cadre row says about the end of its chain. */
export interface CadreHead {
  readonly seq: number;
  readonly headHash: string;
}

/**
 * Recomputes a cadre's chain, oldest first: every hash, `prevHash` links, `seq` from 1 without a
 * gap, each entry of this cadre; and the row's head (seq, hash) against the last entry.
 */
export function verifyCadreChain(
  cadreId: string,
  entries: readonly CadreEntryView[],
  head: CadreHead,
): ChainVerification {
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) {
      return {
        valid: false,
        brokenAt: expectedSeq,
        reason: `entry ${expectedSeq} is missing (found ${entry.seq})`,
      };
    }
    if (entry.cadreId !== cadreId) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} belongs to another cadre`,
      };
    }
    if (entry.prevHash !== previous) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason: `prevHash of entry ${entry.seq} does not match the hash of the entry before it`,
      };
    }
    if (hashCadreEntry(entry) !== entry.hash) {
      return {
        valid: false,
        brokenAt: entry.seq,
        reason: `entry ${entry.seq} does not match its hash: its content was changed`,
      };
    }
    previous = entry.hash;
    expectedSeq += 1;
  }
  if (head.seq !== entries.length || head.headHash !== previous) {
    return {
      valid: false,
      brokenAt: entries.length + 1,
      reason: `the cadre's row (entry ${head.seq}) disagrees with its registry, which ends at entry ${entries.length}`,
    };
  }
  return { valid: true, entries: entries.length, head: previous };
}
