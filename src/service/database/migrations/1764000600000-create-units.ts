import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ROOT_UNIT_CODE, ROOT_UNIT_ID } from '../../units/scope.js';

// Units (cơ quan, đơn vị) as a tree, and the unit of every principal and case (SPEC §1, §7).
// The root unit is seeded: principals and cases created without a unit (and every one that
// existed before this migration) belong to it, so a single-organization install needs no units.
// `principal.scope_unit_id` is null for "my own unit's subtree"; an admin sets it to an ancestor
// to widen the scope. On SQLite a column added with a non-null default cannot carry a foreign
// key (foreign_keys = ON), so there the service alone checks the units it writes.
export class CreateUnits1764000600000 implements MigrationInterface {
  name = 'CreateUnits1764000600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.query(`
      CREATE TABLE "unit" (
        "id" varchar(36) NOT NULL,
        "code" varchar(64) NOT NULL,
        "name" varchar(200) NOT NULL,
        "parent_id" varchar(36),
        "created_at" varchar(30) NOT NULL,
        CONSTRAINT "PK_unit" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_unit_code" UNIQUE ("code"),
        CONSTRAINT "FK_unit_parent" FOREIGN KEY ("parent_id") REFERENCES "unit" ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_unit_parent" ON "unit" ("parent_id")`);
    const values = postgres ? '$1, $2, $3, NULL, $4' : '?, ?, ?, NULL, ?';
    await queryRunner.query(
      `INSERT INTO "unit" ("id", "code", "name", "parent_id", "created_at") VALUES (${values})`,
      [ROOT_UNIT_ID, ROOT_UNIT_CODE, 'Toàn hệ thống', new Date().toISOString()],
    );
    const references = (column: string, table: string) =>
      postgres
        ? `, ADD CONSTRAINT "FK_${table}_${column}" FOREIGN KEY ("${column}") REFERENCES "unit" ("id")`
        : '';
    await queryRunner.query(
      `ALTER TABLE "principal" ADD COLUMN "unit_id" varchar(36) NOT NULL DEFAULT '${ROOT_UNIT_ID}'${references('unit_id', 'principal')}`,
    );
    await queryRunner.query(
      `ALTER TABLE "principal" ADD COLUMN "scope_unit_id" varchar(36)${references('scope_unit_id', 'principal')}`,
    );
    await queryRunner.query(
      `ALTER TABLE "workflow_case" ADD COLUMN "unit_id" varchar(36) NOT NULL DEFAULT '${ROOT_UNIT_ID}'${references('unit_id', 'workflow_case')}`,
    );
    // The list of a scope: the cases of some units, newest first (the list's order).
    await queryRunner.query(
      `CREATE INDEX "IDX_case_unit" ON "workflow_case" ("unit_id", "created_at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_case_unit"`);
    await queryRunner.query(`ALTER TABLE "workflow_case" DROP COLUMN "unit_id"`);
    await queryRunner.query(`ALTER TABLE "principal" DROP COLUMN "scope_unit_id"`);
    await queryRunner.query(`ALTER TABLE "principal" DROP COLUMN "unit_id"`);
    await queryRunner.query(`DROP TABLE "unit"`);
  }
}
