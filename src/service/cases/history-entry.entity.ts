import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';
import type { HistoryEntryView } from '../audit/hash-chain.js';

/** One accepted event of a case (SPEC §3.5). Append-only: never updated, never deleted. */
@Entity({ name: 'history_entry' })
export class HistoryEntryEntity {
  @PrimaryColumn({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  /** Denormalised from the case for the audit filters. */
  @Column({ name: 'workflow_key', type: 'varchar', length: 64 })
  workflowKey!: string;

  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 64 })
  event!: string;

  @Column({ name: 'from_state', type: 'varchar', length: 300, nullable: true })
  fromState!: string | null;

  @Column({ name: 'to_state', type: 'varchar', length: 300 })
  toState!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId!: string;

  @Column({ type: 'simple-json' })
  roles!: string[];

  @Column({ type: 'simple-json' })
  payload!: JsonObject;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  outcome!: JsonObject | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

/** The row that stores `entry` (the case's workflow key is kept beside it for the audit filters). */
export function toHistoryRow(entry: HistoryEntryView, workflowKey: string): HistoryEntryEntity {
  return Object.assign(new HistoryEntryEntity(), {
    caseId: entry.caseId,
    seq: entry.seq,
    workflowKey,
    at: entry.at,
    event: entry.event,
    fromState: entry.from,
    toState: entry.to,
    actorId: entry.actorId,
    roles: [...entry.roles],
    payload: entry.payload,
    comment: entry.comment,
    outcome: entry.outcome,
    prevHash: entry.prevHash,
    hash: entry.hash,
  });
}
