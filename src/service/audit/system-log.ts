/**
 * The system log: admin actions (principals created and revoked, workflow definitions published,
 * calendar years uploaded) as ONE global hash chain, hashed by the rule of the case history
 * (SPEC §3.5): `hash = sha256_hex(prevHash + JCS(entry without hash))`, `prevHash` of the first
 * entry 64 zeros, `seq` 1, 2, … without a gap. Each entry is written in the transaction of the
 * action it records, so an action without its entry (or the reverse) is never committed.
 */
import type { EntityManager } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';
import { lockUntilCommit } from '../database/transactions.js';
import { insertRow } from '../database/insert-row.js';
import {
  GENESIS_HASH,
  linkHash,
  nextLink,
  type ChainLink,
  type ChainVerification,
} from '../history/chain.js';
import { SystemLogEntryEntity } from './system-log-entry.entity.js';

/** The actor of what the service does by itself (built-in workflows, the bootstrap admin). */
export const SYSTEM_ACTOR = 'system';

export type SystemAction =
  | 'principal.create'
  | 'principal.revoke'
  | 'principal.token-reset'
  | 'workflow.publish'
  | 'calendar.year.publish'
  | 'cadre.import'
  | 'unit.create'
  | 'unit.import';

/** A system log entry exactly as GET /api/audit/system returns it. */
export interface SystemLogEntryView {
  readonly seq: number;
  readonly at: string;
  /** The principal id, or `system`. */
  readonly actorId: string;
  readonly action: string;
  /** What was acted on: a principal id, `key@version`, a calendar year. */
  readonly target: string;
  /** A few facts of the action (never a token or a secret). */
  readonly payload: JsonObject;
  readonly prevHash: string;
  readonly hash: string;
}

export interface SystemAppend {
  readonly actorId: string;
  readonly action: SystemAction;
  readonly target: string;
  readonly payload: JsonObject;
  readonly at: string;
}

// PostgreSQL advisory lock held until commit by the transaction that appends: one writer at a
// time reads the head and adds the next entry (SQLite: BEGIN IMMEDIATE already serialises).
const SYSTEM_LOG_LOCK_KEY = 7_264_000_200;

export function hashSystemEntry(entry: Omit<SystemLogEntryView, 'hash'>): string {
  const { seq, at, actorId, action, target, payload, prevHash } = entry;
  return linkHash(prevHash, { seq, at, actorId, action, target, payload, prevHash });
}

export function toSystemLogView(row: SystemLogEntryEntity): SystemLogEntryView {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actorId,
    action: row.action,
    target: row.target,
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * Appends one entry in the caller's transaction (take `manager` from `Transactions.run`). Call
 * it last in the transaction: on PostgreSQL it takes the system log's lock until commit, and
 * every other lock of the action must come before it (one lock order, no deadlock).
 */
export async function appendSystemEntry(
  manager: EntityManager,
  append: SystemAppend,
): Promise<SystemLogEntryView> {
  await lockUntilCommit(manager, SYSTEM_LOG_LOCK_KEY);
  const head = await manager
    .getRepository(SystemLogEntryEntity)
    .createQueryBuilder('s')
    .orderBy('s.seq', 'DESC')
    .limit(1)
    .getOne();
  const link: ChainLink | null = head ? { seq: Number(head.seq), hash: head.hash } : null;
  const entry: SystemLogEntryView = nextLink(
    link,
    {
      at: append.at,
      actorId: append.actorId,
      action: append.action,
      target: append.target,
      payload: append.payload,
    },
    hashSystemEntry,
  );
  await insertRow(manager, SystemLogEntryEntity, Object.assign(new SystemLogEntryEntity(), entry));
  return entry;
}

/** Recomputes the system log's chain, fed in seq order (in batches, for a log of any size). */
export class SystemChainVerifier {
  private previous = GENESIS_HASH;
  private expectedSeq = 1;
  private failure: { brokenAt: number; reason: string } | null = null;

  /** Feeds the next entries; false once the chain is broken (nothing more to check). */
  add(entries: readonly SystemLogEntryView[]): boolean {
    for (const entry of entries) {
      if (this.failure) return false;
      if (entry.seq !== this.expectedSeq) {
        this.failure = {
          brokenAt: this.expectedSeq,
          reason: `entry ${this.expectedSeq} is missing (found ${entry.seq})`,
        };
      } else if (entry.prevHash !== this.previous) {
        this.failure = {
          brokenAt: entry.seq,
          reason: `prevHash of entry ${entry.seq} does not match the hash of the entry before it`,
        };
      } else if (hashSystemEntry(entry) !== entry.hash) {
        this.failure = {
          brokenAt: entry.seq,
          reason: `entry ${entry.seq} does not match its hash: its content was changed`,
        };
      } else {
        this.previous = entry.hash;
        this.expectedSeq += 1;
      }
    }
    return this.failure === null;
  }

  result(): ChainVerification {
    return this.failure
      ? { valid: false, ...this.failure }
      : { valid: true, entries: this.expectedSeq - 1, head: this.previous };
  }
}
