import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ROOT_UNIT_ID } from '../units/scope.js';
import type { PrincipalRole } from './principal-roles.js';

/** Someone (or something) that calls the API with a bearer token. Only the token's hash is kept. */
@Entity({ name: 'principal' })
export class PrincipalEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'simple-json' })
  roles!: PrincipalRole[];

  /** SHA-256 hex of the token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** ISO 8601 instant; a string so that SQLite and PostgreSQL read back the same value. */
  @Column({ name: 'created_at', type: 'varchar', length: 30 })
  createdAt!: string;

  /** The unit it belongs to (the root unless an admin named another). */
  @Column({ name: 'unit_id', type: 'varchar', length: 36, default: ROOT_UNIT_ID })
  unitId!: string;

  /** A wider scope an admin granted: an ancestor of `unitId` (null: `unitId`'s own subtree). */
  @Column({ name: 'scope_unit_id', type: 'varchar', length: 36, nullable: true })
  scopeUnitId!: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 30, nullable: true })
  revokedAt!: string | null;
}
