import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * E-mail verification: `users.email_verified_at` (null until the owner proves the address).
 * Accounts that exist before this migration are treated as verified (set to their creation time):
 * they predate the rule, and locking them out of accepting transfers would break pending offers.
 */
export class UsersEmailVerification1795298823257 implements MigrationInterface {
  name = 'UsersEmailVerification1795298823257';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "users" SET "email_verified_at" = "created_at"`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "email_verified_at"`);
  }
}
