import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RefundReconciliationAndIdempotencyClaims1795293517026 implements MigrationInterface {
  name = 'RefundReconciliationAndIdempotencyClaims1795293517026';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "claim_token" uuid`);
    await queryRunner.query(`CREATE INDEX "refunds_payment_idx" ON "refunds"  ("payment_id", "status") `);
    await queryRunner.query(
      `CREATE INDEX "refunds_awaiting_idx" ON "refunds"  ("processing_started_at") WHERE status = 'approved' AND processing_started_at IS NOT NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."refunds_awaiting_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refunds_payment_idx"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "claim_token"`);
  }
}
