import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../engine/index.js';

/** One admin action of the system log (see system-log.ts). Append-only. */
@Entity({ name: 'system_log_entry' })
export class SystemLogEntryEntity {
  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 36 })
  actorId!: string;

  @Column({ type: 'varchar', length: 64 })
  action!: string;

  @Column({ type: 'varchar', length: 200 })
  target!: string;

  @Column({ type: 'simple-json' })
  payload!: JsonObject;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
