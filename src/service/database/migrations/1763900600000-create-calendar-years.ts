import type { MigrationInterface, QueryRunner } from 'typeorm';

// The admin-uploaded years of the working-day calendar: append-only versions per year, each with
// the pending due dates it moved.
export class CreateCalendarYears1763900600000 implements MigrationInterface {
  name = 'CreateCalendarYears1763900600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "calendar_year" (
        "year" integer NOT NULL,
        "version" integer NOT NULL,
        "data" text NOT NULL,
        "published_by" varchar(36) NOT NULL,
        "published_at" varchar(30) NOT NULL,
        "recomputed" text NOT NULL,
        CONSTRAINT "PK_calendar_year" PRIMARY KEY ("year", "version")
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_year"`);
  }
}
