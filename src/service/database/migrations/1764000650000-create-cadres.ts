import type { MigrationInterface, QueryRunner } from 'typeorm';

const MESSAGE = 'cadre registry entries are append-only: they are never updated or deleted';
const NO_REPLACE = 'cadre registry entries are append-only: an existing entry is never replaced';

// The cadre registry (SPEC §7): one row per cadre (its identity, the search key of its name and
// the head of its own hash chain) and its entries, which only grow. The database refuses to
// change an entry, as it does for the case history (migrations 1763900200000 and 1764000100000):
// UPDATE, DELETE and TRUNCATE on PostgreSQL; UPDATE, DELETE and INSERT OR REPLACE on SQLite.
export class CreateCadres1764000650000 implements MigrationInterface {
  name = 'CreateCadres1764000650000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "cadre" (
        "id" varchar(36) NOT NULL,
        "code" varchar(100) NOT NULL,
        "unit_id" varchar(36) NOT NULL,
        "full_name" text NOT NULL,
        "full_name_search" text NOT NULL,
        "post_title" text,
        "seq" integer NOT NULL,
        "head_hash" varchar(64) NOT NULL,
        "created_at" varchar(30) NOT NULL,
        "updated_at" varchar(30) NOT NULL,
        CONSTRAINT "PK_cadre" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_cadre_code" UNIQUE ("code")
      )
    `);
    // The list: by unit, in name order (keyset on the search key and the id).
    await queryRunner.query(
      `CREATE INDEX "IDX_cadre_unit_name" ON "cadre" ("unit_id", "full_name_search", "id")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cadre_name" ON "cadre" ("full_name_search", "id")`);
    await queryRunner.query(`
      CREATE TABLE "cadre_entry" (
        "cadre_id" varchar(36) NOT NULL,
        "seq" integer NOT NULL,
        "kind" varchar(20) NOT NULL,
        "data" text,
        "supersedes" integer,
        "void" integer NOT NULL DEFAULT 0,
        "recorded_at" varchar(30) NOT NULL,
        "recorded_by" varchar(36) NOT NULL,
        "case_id" varchar(36),
        "note" text,
        "prev_hash" varchar(64) NOT NULL,
        "hash" varchar(64) NOT NULL,
        CONSTRAINT "PK_cadre_entry" PRIMARY KEY ("cadre_id", "seq"),
        CONSTRAINT "FK_cadre_entry_cadre" FOREIGN KEY ("cadre_id") REFERENCES "cadre" ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_cadre_entry_case" ON "cadre_entry" ("case_id")`);

    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`
        CREATE FUNCTION "cadre_entry_append_only"() RETURNS trigger AS $$
        BEGIN
          RAISE EXCEPTION '${MESSAGE}' USING ERRCODE = 'restrict_violation';
        END;
        $$ LANGUAGE plpgsql
      `);
      await queryRunner.query(`
        CREATE TRIGGER "cadre_entry_no_change" BEFORE UPDATE OR DELETE ON "cadre_entry"
        FOR EACH ROW EXECUTE FUNCTION "cadre_entry_append_only"()
      `);
      await queryRunner.query(`
        CREATE TRIGGER "cadre_entry_no_truncate" BEFORE TRUNCATE ON "cadre_entry"
        FOR EACH STATEMENT EXECUTE FUNCTION "cadre_entry_append_only"()
      `);
      return;
    }
    await queryRunner.query(`
      CREATE TRIGGER "cadre_entry_no_update" BEFORE UPDATE ON "cadre_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
    await queryRunner.query(`
      CREATE TRIGGER "cadre_entry_no_delete" BEFORE DELETE ON "cadre_entry"
      BEGIN SELECT RAISE(ABORT, '${MESSAGE}'); END
    `);
    await queryRunner.query(`
      CREATE TRIGGER "cadre_entry_no_replace" BEFORE INSERT ON "cadre_entry"
      WHEN EXISTS (
        SELECT 1 FROM "cadre_entry" WHERE "cadre_id" = NEW."cadre_id" AND "seq" = NEW."seq"
      )
      BEGIN SELECT RAISE(ABORT, '${NO_REPLACE}'); END
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query(`DROP TRIGGER "cadre_entry_no_truncate" ON "cadre_entry"`);
      await queryRunner.query(`DROP TRIGGER "cadre_entry_no_change" ON "cadre_entry"`);
      await queryRunner.query(`DROP FUNCTION "cadre_entry_append_only"()`);
    } else {
      await queryRunner.query(`DROP TRIGGER "cadre_entry_no_replace"`);
      await queryRunner.query(`DROP TRIGGER "cadre_entry_no_delete"`);
      await queryRunner.query(`DROP TRIGGER "cadre_entry_no_update"`);
    }
    await queryRunner.query(`DROP TABLE "cadre_entry"`);
    await queryRunner.query(`DROP TABLE "cadre"`);
  }
}
