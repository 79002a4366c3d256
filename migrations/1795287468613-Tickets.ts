import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Tickets1795287468613 implements MigrationInterface {
  name = 'Tickets1795287468613';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "check_ins" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "ticket_id" uuid, "scanner_id" uuid NOT NULL, "gate" character varying(100), "device_id" character varying(100), "client_scan_id" character varying(100), "code" character varying(200) NOT NULL, "result" character varying(24) NOT NULL, "scanned_at" TIMESTAMP WITH TIME ZONE NOT NULL, "offline" boolean NOT NULL DEFAULT false, "superseded_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "check_ins_result_check" CHECK (result IN ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open')), CONSTRAINT "check_ins_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "check_ins_one_ok_key" ON "check_ins"  ("ticket_id") WHERE result = 'ok'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "check_ins_client_scan_key" ON "check_ins"  ("event_id", "scanner_id", "client_scan_id") WHERE client_scan_id IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "check_ins_ticket_idx" ON "check_ins"  ("ticket_id") `);
    await queryRunner.query(`CREATE INDEX "check_ins_event_idx" ON "check_ins"  ("event_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "tickets" ("id" uuid NOT NULL, "booking_id" uuid NOT NULL, "event_id" uuid NOT NULL, "ticket_type_id" uuid NOT NULL, "user_id" uuid NOT NULL, "holder_name" character varying(200) NOT NULL, "holder_email" character varying(254), "seq" integer NOT NULL, "code" character varying(21) NOT NULL, "version" integer NOT NULL DEFAULT '1', "status" character varying(16) NOT NULL DEFAULT 'valid', "checked_in_at" TIMESTAMP WITH TIME ZONE, "checked_in_gate" character varying(100), "checked_in_by" uuid, "checked_in_device" character varying(100), "replaces_ticket_id" uuid, "replaced_by_ticket_id" uuid, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "tickets_code_key" UNIQUE ("code"), CONSTRAINT "tickets_seq_check" CHECK (seq >= 1), CONSTRAINT "tickets_version_check" CHECK (version >= 1), CONSTRAINT "tickets_checked_in_check" CHECK ((status = 'checked_in') = (checked_in_at IS NOT NULL)), CONSTRAINT "tickets_status_check" CHECK (status IN ('valid', 'checked_in', 'cancelled', 'refunded', 'transferred')), CONSTRAINT "tickets_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "tickets_replaces_key" ON "tickets"  ("replaces_ticket_id") WHERE replaces_ticket_id IS NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tickets_booking_seat_key" ON "tickets"  ("booking_id", "seq") WHERE replaces_ticket_id IS NULL`);
    await queryRunner.query(`CREATE INDEX "tickets_booking_idx" ON "tickets"  ("booking_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "tickets_event_idx" ON "tickets"  ("event_id", "id") `);
    await queryRunner.query(`CREATE INDEX "tickets_user_idx" ON "tickets"  ("user_id", "id") `);
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_ticket_fk" FOREIGN KEY ("ticket_id") REFERENCES "tickets"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanner_fk" FOREIGN KEY ("scanner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_ticket_type_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "ticket_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_checked_in_by_fk" FOREIGN KEY ("checked_in_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tickets" ADD CONSTRAINT "tickets_replaces_fk" FOREIGN KEY ("replaces_ticket_id") REFERENCES "tickets"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_replaces_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_checked_in_by_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_user_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_ticket_type_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_event_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_booking_fk"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_scanner_fk"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_ticket_fk"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_event_fk"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_booking_idx"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_booking_seat_key"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_replaces_key"`);
    await queryRunner.query(`DROP TABLE "tickets"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_ticket_idx"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_client_scan_key"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_one_ok_key"`);
    await queryRunner.query(`DROP TABLE "check_ins"`);
  }
}
