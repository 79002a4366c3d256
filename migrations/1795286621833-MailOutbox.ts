import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MailOutbox1795286621833 implements MigrationInterface {
  name = 'MailOutbox1795286621833';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_messages" ("id" uuid NOT NULL, "to" character varying(254) NOT NULL, "template" character varying(64) NOT NULL, "data" jsonb NOT NULL, "subject" text NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'queued', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_until" TIMESTAMP WITH TIME ZONE, "last_error" text, "sent_at" TIMESTAMP WITH TIME ZONE, "dedupe_key" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outbox_messages_dedupe_key_key" UNIQUE ("dedupe_key"), CONSTRAINT "outbox_messages_attempts_check" CHECK (attempts >= 0), CONSTRAINT "outbox_messages_status_check" CHECK (status IN ('queued', 'sent', 'failed')), CONSTRAINT "outbox_messages_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_messages_status_idx" ON "outbox_messages"  ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages"  ("status", "next_attempt_at") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."outbox_messages_due_idx"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_messages_status_idx"`);
    await queryRunner.query(`DROP TABLE "outbox_messages"`);
  }
}
