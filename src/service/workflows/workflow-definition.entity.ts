import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { JsonObject, LocalizedText } from '../../engine/index.js';

/** A published version of a workflow definition. Immutable once written. */
@Entity({ name: 'workflow_definition' })
export class WorkflowDefinitionEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'simple-json' })
  title!: LocalizedText;

  @Column({ type: 'varchar', length: 500 })
  regulation!: string;

  /** The definition exactly as published (the shape POST /api/workflows accepts). */
  @Column({ type: 'simple-json' })
  document!: JsonObject;

  /** SHA-256 of the RFC 8785 canonical JSON of `document`; checked whenever it is loaded. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  /** `builtin` (from workflows/ at start) or `api` (published by an admin). */
  @Column({ type: 'varchar', length: 10 })
  source!: 'builtin' | 'api';

  @Column({ name: 'published_by', type: 'varchar', length: 36, nullable: true })
  publishedBy!: string | null;

  @Column({ name: 'published_at', type: 'varchar', length: 30 })
  publishedAt!: string;
}
