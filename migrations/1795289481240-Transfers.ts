import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Transfers1795289481240 implements MigrationInterface {
  name = 'Transfers1795289481240';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transfers" ("id" uuid NOT NULL, "ticket_id" uuid NOT NULL, "event_id" uuid NOT NULL, "from_user_id" uuid NOT NULL, "to_email" character varying(254) NOT NULL, "to_user_id" uuid, "message" character varying(500), "status" character varying(16) NOT NULL DEFAULT 'pending', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "new_ticket_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "transfers_to_email_check" CHECK (to_email = lower(to_email)), CONSTRAINT "transfers_new_ticket_check" CHECK ((status = 'accepted') = (new_ticket_id IS NOT NULL)), CONSTRAINT "transfers_decided_check" CHECK ((status = 'pending') = (decided_at IS NULL)), CONSTRAINT "transfers_status_check" CHECK (status IN ('pending', 'accepted', 'rejected', 'cancelled', 'expired')), CONSTRAINT "transfers_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "transfers_due_idx" ON "transfers"  ("expires_at") WHERE status = 'pending'`);
    await queryRunner.query(`CREATE INDEX "transfers_event_idx" ON "transfers"  ("event_id", "id") `);
    await queryRunner.query(`CREATE INDEX "transfers_to_email_idx" ON "transfers"  ("to_email", "id") `);
    await queryRunner.query(`CREATE INDEX "transfers_from_user_idx" ON "transfers"  ("from_user_id", "id") `);
    await queryRunner.query(`CREATE INDEX "transfers_ticket_idx" ON "transfers"  ("ticket_id", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "transfers_one_pending_key" ON "transfers"  ("ticket_id") WHERE status = 'pending'`);
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_from_user_fk" FOREIGN KEY ("from_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_to_user_fk" FOREIGN KEY ("to_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_new_ticket_fk" FOREIGN KEY ("new_ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION DEFERRABLE INITIALLY DEFERRED`,
    );
    await queryRunner.query(
      `ALTER TABLE "transfers" ADD CONSTRAINT "transfers_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_decided_by_fk"`);
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_new_ticket_fk"`);
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_to_user_fk"`);
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_from_user_fk"`);
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_event_fk"`);
    await queryRunner.query(`ALTER TABLE "transfers" DROP CONSTRAINT "transfers_ticket_fk"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_one_pending_key"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_ticket_idx"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_from_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_to_email_idx"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."transfers_due_idx"`);
    await queryRunner.query(`DROP TABLE "transfers"`);
  }
}
