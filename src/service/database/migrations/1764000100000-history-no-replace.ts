import type { MigrationInterface, QueryRunner } from 'typeorm';

const MESSAGE = 'history entries are append-only: an existing entry is never replaced';

// SQLite's `INSERT OR REPLACE` (and `REPLACE INTO`) deletes the row in the way before inserting
// the new one; with recursive triggers off that delete does not fire the DELETE trigger, so a
// history entry could be rewritten. This trigger refuses any insert of a (case_id, seq) that
// already exists, before the conflict clause is looked at. On PostgreSQL there is no replace:
// `INSERT … ON CONFLICT DO UPDATE` is an UPDATE and the existing trigger refuses it.
export class HistoryNoReplace1764000100000 implements MigrationInterface {
  name = 'HistoryNoReplace1764000100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query(`
      CREATE TRIGGER "history_entry_no_replace" BEFORE INSERT ON "history_entry"
      WHEN EXISTS (
        SELECT 1 FROM "history_entry" WHERE "case_id" = NEW."case_id" AND "seq" = NEW."seq"
      )
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') return;
    await queryRunner.query(`DROP TRIGGER "history_entry_no_replace"`);
  }
}
