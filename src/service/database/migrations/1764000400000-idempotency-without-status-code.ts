import type { MigrationInterface, QueryRunner } from 'typeorm';

// An idempotency record kept the status code of the first response, which was always 200 (an
// error is never recorded): the column goes. Both databases drop a column in place (SQLite
// since 3.35).
export class IdempotencyWithoutStatusCode1764000400000 implements MigrationInterface {
  name = 'IdempotencyWithoutStatusCode1764000400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_record" DROP COLUMN "status_code"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "idempotency_record" ADD COLUMN "status_code" integer NOT NULL DEFAULT 200`,
    );
  }
}
