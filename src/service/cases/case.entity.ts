import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject, StoredSnapshot } from '../../engine/index.js';
import { ROOT_UNIT_ID } from '../units/scope.js';

/** A personnel procedure in progress (or finished): its pinned workflow version and snapshot. */
@Entity({ name: 'workflow_case' })
export class CaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'workflow_key', type: 'varchar', length: 64 })
  workflowKey!: string;

  @Column({ name: 'workflow_version', type: 'integer' })
  workflowVersion!: number;

  /** The dotted state path, kept beside the snapshot for list filters. */
  @Column({ type: 'varchar', length: 300 })
  state!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: 'active' | 'completed';

  /** The final state reached, once completed (the column `result`; the API's `outcome`). */
  @Column({ name: 'result', type: 'varchar', length: 64, nullable: true })
  finalState!: string | null;

  /** The number of history entries: 1 when opened, +1 per accepted event. */
  @Column({ type: 'integer' })
  revision!: number;

  @Column({ type: 'simple-json' })
  subject!: JsonObject;

  @Column({ type: 'simple-json' })
  data!: JsonObject;

  @Column({ type: 'simple-json' })
  snapshot!: StoredSnapshot;

  /** Hash of the latest history entry: the next entry's `prevHash`. */
  @Column({ name: 'head_hash', type: 'varchar', length: 64 })
  headHash!: string;

  /** 1 while a deadline that marks the case overdue has passed unmet. */
  @Column({ type: 'integer', default: 0 })
  overdue!: number;

  /** The unit the case belongs to: who may see it (SPEC §1). */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, default: ROOT_UNIT_ID })
  unitId!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}
