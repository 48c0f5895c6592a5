import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One read of a case, a cadre, an export or a digest (SPEC §1: the read log). */
@Entity({ name: 'read_log' })
export class ReadLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'principal_id', type: 'varchar', length: 36 })
  principalId!: string;

  @Column({ type: 'varchar', length: 30 })
  at!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  /** What was read: a case or cadre id, or an export's query. */
  @Column({ type: 'varchar', length: 1000 })
  target!: string;

  /** The unit of what was read (for an export or a digest: the reader's scope unit). */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, nullable: true })
  unitId!: string | null;
}
