import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsAndRefunds1795289475960 implements MigrationInterface {
  name = 'PaymentsAndRefunds1795289475960';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "payment_webhook_events" ("id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "event_key" character(64) NOT NULL, "event" character varying(64) NOT NULL, "reference" character varying(64), "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payment_webhook_events_key" UNIQUE ("provider", "event_key"), CONSTRAINT "payment_webhook_events_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "payments" ("id" uuid NOT NULL, "booking_id" uuid NOT NULL, "user_id" uuid NOT NULL, "provider" character varying(16) NOT NULL, "reference" character varying(64) NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "status" character varying(24) NOT NULL DEFAULT 'pending', "refunded_amount" bigint NOT NULL DEFAULT '0', "authorization_url" text, "provider_transaction_id" character varying(64), "paid_at" TIMESTAMP WITH TIME ZONE, "failure_reason" text, "proof_key" character varying(200), "proof_content_type" character varying(64), "proof_size" integer, "proof_uploaded_at" TIMESTAMP WITH TIME ZONE, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payments_reference_key" UNIQUE ("reference"), CONSTRAINT "payments_refunded_check" CHECK (refunded_amount >= 0 AND refunded_amount <= amount), CONSTRAINT "payments_amount_check" CHECK (amount > 0), CONSTRAINT "payments_status_check" CHECK (status IN ('pending', 'awaiting_review', 'succeeded', 'failed', 'partially_refunded', 'refunded')), CONSTRAINT "payments_provider_check" CHECK (provider IN ('paystack', 'manual')), CONSTRAINT "payments_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "payments_status_idx" ON "payments"  ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "payments_booking_idx" ON "payments"  ("booking_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "refunds" ("id" uuid NOT NULL, "booking_id" uuid NOT NULL, "payment_id" uuid NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "amount" bigint NOT NULL, "currency" character(3) NOT NULL, "status" character varying(16) NOT NULL, "reason" text NOT NULL, "ticket_ids" uuid array NOT NULL DEFAULT '{}', "requested_by" uuid, "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "rejection_reason" text, "failure_reason" text, "provider_refund_id" character varying(64), "processing_started_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "refunds_amount_check" CHECK (amount > 0), CONSTRAINT "refunds_kind_check" CHECK (kind IN ('request', 'automatic', 'event_cancelled')), CONSTRAINT "refunds_status_check" CHECK (status IN ('pending', 'approved', 'completed', 'failed', 'rejected')), CONSTRAINT "refunds_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refunds_due_idx" ON "refunds"  ("id") WHERE status = 'approved' AND processing_started_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "refunds_status_idx" ON "refunds"  ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "refunds_user_idx" ON "refunds"  ("user_id", "id") `);
    await queryRunner.query(`CREATE INDEX "refunds_booking_idx" ON "refunds"  ("booking_id", "id") `);
    await queryRunner.query(`ALTER TABLE "events" ADD "payment_qr_key" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "events" ADD "payment_qr_content_type" character varying(64)`);
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "payments_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "payments_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "payments" ADD CONSTRAINT "payments_reviewed_by_fk" FOREIGN KEY ("reviewed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_payment_fk" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_fk" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "refunds" ADD CONSTRAINT "refunds_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_decided_by_fk"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_requested_by_fk"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_user_fk"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_payment_fk"`);
    await queryRunner.query(`ALTER TABLE "refunds" DROP CONSTRAINT "refunds_booking_fk"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "payments_reviewed_by_fk"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "payments_user_fk"`);
    await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "payments_booking_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "payment_qr_content_type"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "payment_qr_key"`);
    await queryRunner.query(`DROP INDEX "public"."refunds_booking_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refunds_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refunds_status_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refunds_due_idx"`);
    await queryRunner.query(`DROP TABLE "refunds"`);
    await queryRunner.query(`DROP INDEX "public"."payments_booking_idx"`);
    await queryRunner.query(`DROP INDEX "public"."payments_status_idx"`);
    await queryRunner.query(`DROP TABLE "payments"`);
    await queryRunner.query(`DROP TABLE "payment_webhook_events"`);
  }
}
