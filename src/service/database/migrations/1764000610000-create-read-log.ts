import type { MigrationInterface, QueryRunner } from 'typeorm';

// Who read what (SPEC §1: "whoever reads a case, a cadre or an export is itself recorded"): one
// row per read of a case, its history, its diagram or its verification, and per export or digest
// request. `unit_id` is the unit of what was read (a case's unit; for an export or a digest, the
// scope unit of the reader), so that an auditor sees the reads of its own scope.
export class CreateReadLog1764000610000 implements MigrationInterface {
  name = 'CreateReadLog1764000610000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "read_log" (
        "id" varchar(36) NOT NULL,
        "principal_id" varchar(36) NOT NULL,
        "at" varchar(30) NOT NULL,
        "kind" varchar(20) NOT NULL,
        "target" varchar(1000) NOT NULL,
        "unit_id" varchar(36),
        CONSTRAINT "PK_read_log" PRIMARY KEY ("id")
      )
    `);
    // The list: newest first, by reader or by target.
    await queryRunner.query(`CREATE INDEX "IDX_read_log_at" ON "read_log" ("at", "id")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_read_log_principal" ON "read_log" ("principal_id", "at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_read_log_target" ON "read_log" ("target", "at", "id")`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "read_log"`);
  }
}
