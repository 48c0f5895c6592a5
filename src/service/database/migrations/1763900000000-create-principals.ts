import type { MigrationInterface, QueryRunner } from 'typeorm';

// Hand-written, portable SQL (varchar/text/integer only) so one migration serves SQLite and PostgreSQL.
export class CreatePrincipals1763900000000 implements MigrationInterface {
  name = 'CreatePrincipals1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "principal" (
        "id" varchar(36) NOT NULL,
        "name" varchar(200) NOT NULL,
        "roles" text NOT NULL,
        "token_hash" varchar(64) NOT NULL,
        "created_at" varchar(30) NOT NULL,
        "revoked_at" varchar(30),
        CONSTRAINT "PK_principal" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_principal_token_hash" UNIQUE ("token_hash")
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "principal"`);
  }
}
