import type { MigrationInterface, QueryRunner } from 'typeorm';

// The deadline reads are now: a case's deadlines (by case_id: one read per event), the
// scheduler's due pending deadlines (in due_on order), and the recompute of pending ones after a
// calendar upload. So the case index loses `status` (closing a deadline no longer moves its
// entry), and the due index holds only the pending, open deadlines (closing one takes it out; a
// closed deadline is never in it again), ordered as the scheduler reads them.
export class NarrowerDeadlineIndexes1764000420000 implements MigrationInterface {
  name = 'NarrowerDeadlineIndexes1764000420000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_deadline_of_case" ON "deadline" ("case_id")`);
    await queryRunner.query(`DROP INDEX "IDX_deadline_case"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_deadline_pending_due" ON "deadline" ("due_on", "id") ` +
        `WHERE "status" = 'pending' AND "closed_at" IS NULL`,
    );
    await queryRunner.query(`DROP INDEX "IDX_deadline_due"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_deadline_due" ON "deadline" ("status", "due_on")`);
    await queryRunner.query(`DROP INDEX "IDX_deadline_pending_due"`);
    await queryRunner.query(`CREATE INDEX "IDX_deadline_case" ON "deadline" ("case_id", "status")`);
    await queryRunner.query(`DROP INDEX "IDX_deadline_of_case"`);
  }
}
