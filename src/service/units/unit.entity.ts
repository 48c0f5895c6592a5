import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A unit (cơ quan, đơn vị) of the tree; the root has no parent (SPEC §1, §7). */
@Entity({ name: 'unit' })
export class UnitEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'parent_id', type: 'varchar', length: 36, nullable: true })
  parentId!: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;
}
