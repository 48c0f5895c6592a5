import type { MigrationInterface, QueryRunner } from 'typeorm';

const MESSAGE = 'history entries are append-only: they are never updated or deleted';

// The database itself refuses to change the history (SPEC §3.5): an UPDATE or DELETE of a history
// entry fails, whatever the caller. On PostgreSQL TRUNCATE is refused as well.
export class HistoryAppendOnly1763900200000 implements MigrationInterface {
  name = 'HistoryAppendOnly1763900200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION "history_entry_append_only"() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION '${MESSAGE}' USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
      `);
      await queryRunner.query(`
        CREATE TRIGGER "history_entry_no_change" BEFORE UPDATE OR DELETE ON "history_entry"
        FOR EACH ROW EXECUTE FUNCTION "history_entry_append_only"()
      `);
      await queryRunner.query(`
        CREATE TRIGGER "history_entry_no_truncate" BEFORE TRUNCATE ON "history_entry"
        FOR EACH STATEMENT EXECUTE FUNCTION "history_entry_append_only"()
      `);
      return;
    }
    await queryRunner.query(`
      CREATE TRIGGER "history_entry_no_update" BEFORE UPDATE ON "history_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
    await queryRunner.query(`
      CREATE TRIGGER "history_entry_no_delete" BEFORE DELETE ON "history_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER "history_entry_no_truncate" ON "history_entry"`);
      await queryRunner.query(`DROP TRIGGER "history_entry_no_change" ON "history_entry"`);
      await queryRunner.query(`DROP FUNCTION "history_entry_append_only"()`);
      return;
    }
    await queryRunner.query(`DROP TRIGGER "history_entry_no_delete"`);
    await queryRunner.query(`DROP TRIGGER "history_entry_no_update"`);
  }
}
