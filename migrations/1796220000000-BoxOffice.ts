import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Box office: `users.password_hash` becomes nullable (a buyer without an account gets one with no
 * password, claimed later through a password reset), and `payments.method` records how a payment
 * taken in person was paid (`cash`, `card_terminal`; only on `manual` payments, a CHECK).
 */
export class BoxOffice1796220000000 implements MigrationInterface {
  name = 'BoxOffice1796220000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "payments" ADD "method" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "payments_method_check" CHECK (method IS NULL OR (provider = 'manual' AND method IN ('cash', 'card_terminal')))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "payments_method_check"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP COLUMN "method"`);
    // Passwordless accounts get an unusable hash back (no argon2 string verifies against it).
    await queryRunner.query(`UPDATE "users" SET "password_hash" = '!' WHERE "password_hash" IS NULL`);
    await queryRunner.query(`ALTER TABLE "users" ALTER COLUMN "password_hash" SET NOT NULL`);
  }
}
