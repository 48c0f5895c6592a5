import type { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written, portable SQL (varchar/text/integer only) so one migration serves SQLite and
// PostgreSQL. Instants are ISO-8601 strings (varchar(30)): both databases read back exactly what
// was written, which the history's hash chain depends on. JSON is stored as text.
export class CreateCases1763900100000 implements MigrationInterface {
  name = 'CreateCases1763900100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "workflow_definition" (
        "key" varchar(64) NOT NULL,
        "version" integer NOT NULL,
        "title" text NOT NULL,
        "regulation" varchar(500) NOT NULL,
        "document" text NOT NULL,
        "content_hash" varchar(64) NOT NULL,
        "source" varchar(10) NOT NULL,
        "published_by" varchar(36),
        "published_at" varchar(30) NOT NULL,
        CONSTRAINT "PK_workflow_definition" PRIMARY KEY ("key", "version")
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "workflow_case" (
        "id" varchar(36) NOT NULL,
        "workflow_key" varchar(64) NOT NULL,
        "workflow_version" integer NOT NULL,
        "state" varchar(300) NOT NULL,
        "status" varchar(10) NOT NULL,
        "result" varchar(64),
        "revision" integer NOT NULL,
        "subject" text NOT NULL,
        "data" text NOT NULL,
        "snapshot" text NOT NULL,
        "head_hash" varchar(64) NOT NULL,
        "overdue" integer NOT NULL DEFAULT 0,
        "created_by" varchar(36) NOT NULL,
        "created_at" varchar(30) NOT NULL,
        "updated_at" varchar(30) NOT NULL,
        CONSTRAINT "PK_workflow_case" PRIMARY KEY ("id"),
        CONSTRAINT "FK_workflow_case_definition" FOREIGN KEY ("workflow_key", "workflow_version")
          REFERENCES "workflow_definition" ("key", "version")
      )
    `);
    // The list filters: by workflow and state, by status, overdue; newest first by (created_at, id).
    await queryRunner.query(
      `CREATE INDEX "IDX_case_created" ON "workflow_case" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_workflow_state" ON "workflow_case" ("workflow_key", "state", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_status" ON "workflow_case" ("status", "created_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_case_overdue" ON "workflow_case" ("overdue", "created_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "history_entry" (
        "case_id" varchar(36) NOT NULL,
        "seq" integer NOT NULL,
        "workflow_key" varchar(64) NOT NULL,
        "at" varchar(30) NOT NULL,
        "event" varchar(64) NOT NULL,
        "from_state" varchar(300),
        "to_state" varchar(300) NOT NULL,
        "actor_id" varchar(36) NOT NULL,
        "roles" text NOT NULL,
        "payload" text NOT NULL,
        "comment" text,
        "outcome" text,
        "prev_hash" varchar(64) NOT NULL,
        "hash" varchar(64) NOT NULL,
        CONSTRAINT "PK_history_entry" PRIMARY KEY ("case_id", "seq"),
        CONSTRAINT "FK_history_entry_case" FOREIGN KEY ("case_id") REFERENCES "workflow_case" ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_history_at" ON "history_entry" ("at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_history_actor" ON "history_entry" ("actor_id", "at")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_history_event" ON "history_entry" ("event", "at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_history_workflow" ON "history_entry" ("workflow_key", "at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "idempotency_record" (
        "principal_id" varchar(36) NOT NULL,
        "idempotency_key" varchar(200) NOT NULL,
        "request_hash" varchar(64) NOT NULL,
        "status_code" integer NOT NULL,
        "response" text NOT NULL,
        "created_at" varchar(30) NOT NULL,
        CONSTRAINT "PK_idempotency_record" PRIMARY KEY ("principal_id", "idempotency_key")
      )
    `);

    await queryRunner.query(`
      CREATE TABLE "deadline" (
        "id" varchar(36) NOT NULL,
        "case_id" varchar(36) NOT NULL,
        "name" varchar(64) NOT NULL,
        "state_id" varchar(300) NOT NULL,
        "scope" varchar(10) NOT NULL,
        "started_at" varchar(30) NOT NULL,
        "amount" integer NOT NULL,
        "unit" varchar(20) NOT NULL,
        "due_on" varchar(10),
        "on_expiry" text NOT NULL,
        "extensions" integer NOT NULL DEFAULT 0,
        "status" varchar(10) NOT NULL,
        "closed_at" varchar(30),
        "fired_at" varchar(30),
        CONSTRAINT "PK_deadline" PRIMARY KEY ("id"),
        CONSTRAINT "FK_deadline_case" FOREIGN KEY ("case_id") REFERENCES "workflow_case" ("id")
      )
    `);
    await queryRunner.query(`CREATE INDEX "IDX_deadline_due" ON "deadline" ("status", "due_on")`);
    await queryRunner.query(`CREATE INDEX "IDX_deadline_case" ON "deadline" ("case_id", "status")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'deadline',
      'idempotency_record',
      'history_entry',
      'workflow_case',
      'workflow_definition',
    ]) {
      await queryRunner.query(`DROP TABLE "${table}"`);
    }
  }
}
