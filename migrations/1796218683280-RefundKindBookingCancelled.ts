import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Refunds of kind `booking_cancelled`: an admin cancelled a paid booking and its payment is refunded. */
export class RefundKindBookingCancelled1796218683280 implements MigrationInterface {
  name = 'RefundKindBookingCancelled1796218683280';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refunds" ALTER COLUMN "kind" TYPE character varying(24)`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_kind_check"`);
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_kind_check" CHECK (kind IN ('request', 'automatic', 'event_cancelled', 'booking_cancelled'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_kind_check"`);
    await queryRunner.query(`ALTER TABLE "refunds" ADD CONSTRAINT "refunds_kind_check" CHECK (kind IN ('request', 'automatic', 'event_cancelled'))`);
    await queryRunner.query(`ALTER TABLE "refunds" ALTER COLUMN "kind" TYPE character varying(16)`);
  }
}
