import type { MigrationInterface, QueryRunner } from 'typeorm';

// The list's `overdue` filter had an index on (overdue, created_at) over every case, though
// nearly all are not overdue: each case paid for an entry it never needed. The overdue ones
// now have a partial index of their own, newest first like the list; `overdue=false` reads the
// list's order index (IDX_case_created) and skips the few overdue cases.
export class OverduePartialIndex1764000410000 implements MigrationInterface {
  name = 'OverduePartialIndex1764000410000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_case_overdue_only" ON "workflow_case" ("created_at", "id") WHERE "overdue" = 1`,
    );
    await queryRunner.query(`DROP INDEX "IDX_case_overdue"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_case_overdue" ON "workflow_case" ("overdue", "created_at")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_case_overdue_only"`);
  }
}
