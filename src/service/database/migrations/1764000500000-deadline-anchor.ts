import type { MigrationInterface, QueryRunner } from 'typeorm';

// A deadline may count from a date of the case rather than from the state's entry (a
// resignation's exchange counts from the day the letter was received, SPEC §5.4), forward or
// back (a notice due before a term ends): the row keeps that date and the direction, so that
// its due day, an extension and a recomputation after a calendar upload all count as the engine
// does (`deadlineDueOn`). Existing rows count forward from their start, as before.
export class DeadlineAnchor1764000500000 implements MigrationInterface {
  name = 'DeadlineAnchor1764000500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deadline" ADD COLUMN "counted_from" varchar(10)`);
    await queryRunner.query(
      `ALTER TABLE "deadline" ADD COLUMN "direction" varchar(10) NOT NULL DEFAULT 'after'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deadline" DROP COLUMN "direction"`);
    await queryRunner.query(`ALTER TABLE "deadline" DROP COLUMN "counted_from"`);
  }
}
