import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeadlineStatus = 'pending' | 'met' | 'cancelled' | 'expired';

/** A deadline started by entering a state (SPEC §6); fired or closed exactly once. */
@Entity({ name: 'deadline' })
export class DeadlineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36 })
  caseId!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'state_id', type: 'varchar', length: 300 })
  stateId!: string;

  @Column({ type: 'varchar', length: 10 })
  scope!: 'state' | 'case';

  @Column({ name: 'started_at', type: 'varchar', length: 30 })
  startedAt!: string;

  @Column({ type: 'integer' })
  amount!: number;

  @Column({ type: 'varchar', length: 20 })
  unit!: 'DAY' | 'WORKING_DAY' | 'MONTH';

  /**
   * The date of the case it counts from (a letter's receipt), when the definition anchors it so;
   * null: it counts from `startedAt`.
   */
  @Column({ name: 'counted_from', type: 'varchar', length: 10, nullable: true })
  countedFrom!: string | null;

  /** `before`: counted back from `countedFrom` (a notice due before a term ends). */
  @Column({ type: 'varchar', length: 10, default: 'after' })
  direction!: 'after' | 'before';

  /** The last day (Vietnam civil date) on which the deadline is met; null if the calendar cannot tell. */
  @Column({ name: 'due_on', type: 'varchar', length: 10, nullable: true })
  dueOn!: string | null;

  @Column({ name: 'on_expiry', type: 'simple-json' })
  onExpiry!: { event: string } | { markOverdue: true };

  @Column({ type: 'integer', default: 0 })
  extensions!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: DeadlineStatus;

  @Column({ name: 'closed_at', type: 'varchar', length: 30, nullable: true })
  closedAt!: string | null;

  @Column({ name: 'fired_at', type: 'varchar', length: 30, nullable: true })
  firedAt!: string | null;
}
