import type { MigrationInterface, QueryRunner } from 'typeorm';

const MESSAGE = 'system log entries are append-only: they are never updated, deleted or replaced';

// The system log (admin actions: principals, workflow definitions, calendar years) is one global
// hash chain, append-only at the database like `history_entry`: UPDATE, DELETE and TRUNCATE are
// refused, and on SQLite an INSERT that names an existing seq is refused before `INSERT OR
// REPLACE` could delete the old row (REPLACE deletes without firing DELETE triggers).
export class CreateSystemLog1764000200000 implements MigrationInterface {
  name = 'CreateSystemLog1764000200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "system_log_entry" (
        "seq" integer NOT NULL,
        "at" varchar(30) NOT NULL,
        "actor_id" varchar(36) NOT NULL,
        "action" varchar(64) NOT NULL,
        "target" varchar(200) NOT NULL,
        "payload" text NOT NULL,
        "prev_hash" varchar(64) NOT NULL,
        "hash" varchar(64) NOT NULL,
        CONSTRAINT "PK_system_log_entry" PRIMARY KEY ("seq")
      )
    `);
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION "system_log_append_only"() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION '${MESSAGE}' USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
      `);
      await queryRunner.query(`
        CREATE TRIGGER "system_log_no_change" BEFORE UPDATE OR DELETE ON "system_log_entry"
        FOR EACH ROW EXECUTE FUNCTION "system_log_append_only"()
      `);
      await queryRunner.query(`
        CREATE TRIGGER "system_log_no_truncate" BEFORE TRUNCATE ON "system_log_entry"
        FOR EACH STATEMENT EXECUTE FUNCTION "system_log_append_only"()
      `);
      return;
    }
    await queryRunner.query(`
      CREATE TRIGGER "system_log_no_update" BEFORE UPDATE ON "system_log_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
    await queryRunner.query(`
      CREATE TRIGGER "system_log_no_delete" BEFORE DELETE ON "system_log_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
    await queryRunner.query(`
      CREATE TRIGGER "system_log_no_replace" BEFORE INSERT ON "system_log_entry"
      WHEN EXISTS (SELECT 1 FROM "system_log_entry" WHERE "seq" = NEW."seq")
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER "system_log_no_truncate" ON "system_log_entry"`);
      await queryRunner.query(`DROP TRIGGER "system_log_no_change" ON "system_log_entry"`);
      await queryRunner.query(`DROP FUNCTION "system_log_append_only"()`);
    } else {
      await queryRunner.query(`DROP TRIGGER "system_log_no_replace"`);
      await queryRunner.query(`DROP TRIGGER "system_log_no_delete"`);
      await queryRunner.query(`DROP TRIGGER "system_log_no_update"`);
    }
    await queryRunner.query(`DROP TABLE "system_log_entry"`);
  }
}
