import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A cadre's row (SPEC §7): its identity, what the list shows (name, current post) and the head
 * of its registry's hash chain. The registry itself is `cadre_entry`; the store keeps this row
 * in step with it (cadre.store.ts). Declared for TypeORM's metadata; the store uses raw SQL.
 */
@Entity({ name: 'cadre' })
export class CadreEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  code!: string;

  @Column({ name: 'unit_id', type: 'varchar', length: 36 })
  unitId!: string;

  @Column({ name: 'full_name', type: 'text' })
  fullName!: string;

  /** Lower case, accents removed, đ → d (search-text.ts). */
  @Column({ name: 'full_name_search', type: 'text' })
  fullNameSearch!: string;

  @Column({ name: 'post_title', type: 'text', nullable: true })
  postTitle!: string | null;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'head_hash', type: 'varchar', length: 64 })
  headHash!: string;

  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 30 })
  updatedAt!: string;
}

/** One entry of a cadre's registry, append-only (the database refuses changes). */
@Entity({ name: 'cadre_entry' })
export class CadreEntryEntity {
  @PrimaryColumn({ name: 'cadre_id', type: 'varchar', length: 36 })
  cadreId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  data!: string | null;

  @Column({ type: 'integer', nullable: true })
  supersedes!: number | null;

  @Column({ type: 'integer', default: 0 })
  void!: number;

  @Column({ name: 'recorded_at', type: 'varchar', length: 30 })
  recordedAt!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 36 })
  recordedBy!: string;

  @Column({ name: 'case_id', type: 'varchar', length: 36, nullable: true })
  caseId!: string | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
