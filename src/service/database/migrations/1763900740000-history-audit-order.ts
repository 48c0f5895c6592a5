import type { MigrationInterface, QueryRunner } from 'typeorm';

// GET /api/audit/transitions reads the history oldest first by (at, case_id, seq), keyset-paged:
// with this index every page (and every batch of an export) is an index range scan, not a sort
// of the whole table. It replaces the single-column index on "at".
export class HistoryAuditOrder1763900740000 implements MigrationInterface {
  name = 'HistoryAuditOrder1763900740000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_history_audit_order" ON "history_entry" ("at", "case_id", "seq")`,
    );
    await queryRunner.query(`DROP INDEX "IDX_history_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_history_at" ON "history_entry" ("at")`);
    await queryRunner.query(`DROP INDEX "IDX_history_audit_order"`);
  }
}
