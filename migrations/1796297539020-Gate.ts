import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gate: scanner devices (one event, optional gate; only hashes of pairing codes and tokens),
 * entry and exit with re-entry per ticket type, and the offline check-in feed.
 * - `tickets.entries`/`exits` count accepted passages; `tickets_passages_check` keeps a ticket
 *   inside at most once (entries is exits or exits + 1), `tickets_entries_check` ties them to
 *   `checked_in`. Existing check-ins become one entry each.
 * - `check_ins.direction` and `passage`; `check_ins_one_ok_key` now allows one accepted entry and
 *   one accepted exit per passage. A scan belongs to a user or to a device (`check_ins_scanner_check`).
 * - `tickets.changed_xid`: the transaction that last wrote the row (trigger `tickets_feed_touch`, and
 *   `ticket_types_feed_touch` when a type's name or re-entry changes), which the feed pages by.
 */
export class Gate1796297539020 implements MigrationInterface {
  name = 'Gate1796297539020';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."check_ins_one_ok_key"`);
    await queryRunner.query(
      `CREATE TABLE "scanner_devices" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "gate" character varying(100), "pairing_code_hash" character varying(64), "pairing_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "token_hash" character varying(64), "created_by" uuid NOT NULL, "paired_at" TIMESTAMP WITH TIME ZONE, "last_seen_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "scanner_devices_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "scanner_devices_token_key" ON "scanner_devices"  ("token_hash") WHERE token_hash IS NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "scanner_devices_pairing_code_key" ON "scanner_devices"  ("pairing_code_hash") WHERE pairing_code_hash IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "scanner_devices_event_idx" ON "scanner_devices"  ("event_id", "id") `);
    await queryRunner.query(`ALTER TABLE "ticket_types" ADD "reentry" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "check_ins" ADD "scanner_device_id" uuid`);
    await queryRunner.query(`ALTER TABLE "check_ins" ADD "direction" character varying(5) NOT NULL DEFAULT 'entry'`);
    await queryRunner.query(`ALTER TABLE "check_ins" ADD "passage" integer`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "entries" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "exits" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "changed_xid" bigint NOT NULL DEFAULT 0`);
    // No default from here on: the tickets_feed_touch trigger sets it on every insert and update.
    await queryRunner.query(`ALTER TABLE "tickets" ALTER COLUMN "changed_xid" DROP DEFAULT`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_scanner_fk"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_client_scan_key"`);
    await queryRunner.query(`ALTER TABLE "check_ins" ALTER COLUMN "scanner_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "check_ins_device_idx" ON "check_ins"  ("scanner_device_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "check_ins_one_ok_key" ON "check_ins"  ("ticket_id", "direction", "passage") WHERE result = 'ok'`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "check_ins_device_client_scan_key" ON "check_ins"  ("event_id", "scanner_device_id", "client_scan_id") WHERE client_scan_id IS NOT NULL AND scanner_device_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "check_ins_client_scan_key" ON "check_ins"  ("event_id", "scanner_id", "client_scan_id") WHERE client_scan_id IS NOT NULL AND scanner_id IS NOT NULL`,
    );
    await queryRunner.query(`UPDATE "tickets" SET "entries" = 1 WHERE status = 'checked_in'`);
    await queryRunner.query(`UPDATE "check_ins" SET "passage" = 1 WHERE result = 'ok'`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_result_check"`);
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_result_check" CHECK (result IN ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open', 'not_inside'))`,
    );
    await queryRunner.query(`CREATE INDEX "tickets_feed_idx" ON "tickets"  ("event_id", "changed_xid", "id") `);
    await queryRunner.query(`CREATE FUNCTION tickets_feed_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.changed_xid := pg_current_xact_id()::text::bigint;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER tickets_feed_touch BEFORE INSERT OR UPDATE ON "tickets" FOR EACH ROW EXECUTE FUNCTION tickets_feed_touch()`);
    await queryRunner.query(`CREATE FUNCTION ticket_types_feed_touch() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name IS DISTINCT FROM OLD.name OR NEW.reentry IS DISTINCT FROM OLD.reentry THEN
          UPDATE tickets SET updated_at = updated_at WHERE ticket_type_id = NEW.id;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER ticket_types_feed_touch AFTER UPDATE ON "ticket_types" FOR EACH ROW EXECUTE FUNCTION ticket_types_feed_touch()`);
    await queryRunner.query(`ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanner_check" CHECK ((scanner_id IS NULL) <> (scanner_device_id IS NULL))`);
    await queryRunner.query(`ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_direction_check" CHECK (direction IN ('entry', 'exit'))`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD CONSTRAINT "tickets_entries_check" CHECK ((status = 'checked_in') = (entries > 0))`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD CONSTRAINT "tickets_passages_check" CHECK (exits >= 0 AND entries IN (exits, exits + 1))`);
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanner_fk" FOREIGN KEY ("scanner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanner_device_fk" FOREIGN KEY ("scanner_device_id") REFERENCES "scanner_devices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scanner_devices" ADD CONSTRAINT "scanner_devices_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "scanner_devices" ADD CONSTRAINT "scanner_devices_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER ticket_types_feed_touch ON "ticket_types"`);
    await queryRunner.query(`DROP FUNCTION ticket_types_feed_touch()`);
    await queryRunner.query(`DROP TRIGGER tickets_feed_touch ON "tickets"`);
    await queryRunner.query(`DROP FUNCTION tickets_feed_touch()`);
    await queryRunner.query(`DELETE FROM "check_ins" WHERE result = 'not_inside' OR direction = 'exit' OR passage > 1 OR scanner_device_id IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_result_check"`);
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_result_check" CHECK (result IN ('ok', 'already_checked_in', 'invalid', 'wrong_event', 'cancelled', 'refunded', 'transferred', 'unpaid', 'event_not_open'))`,
    );
    await queryRunner.query(`ALTER TABLE "scanner_devices" DROP CONSTRAINT "scanner_devices_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "scanner_devices" DROP CONSTRAINT "scanner_devices_event_fk"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_scanner_device_fk"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_scanner_fk"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_passages_check"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "tickets_entries_check"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_direction_check"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP CONSTRAINT "check_ins_scanner_check"`);
    await queryRunner.query(`DROP INDEX "public"."tickets_feed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_client_scan_key"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_device_client_scan_key"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_one_ok_key"`);
    await queryRunner.query(`DROP INDEX "public"."check_ins_device_idx"`);
    await queryRunner.query(`ALTER TABLE "check_ins" ALTER COLUMN "scanner_id" SET NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "check_ins_client_scan_key" ON "check_ins" USING btree ("event_id", "scanner_id", "client_scan_id") WHERE (client_scan_id IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_scanner_fk" FOREIGN KEY ("scanner_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "changed_xid"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "exits"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "entries"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP COLUMN "passage"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP COLUMN "direction"`);
    await queryRunner.query(`ALTER TABLE "check_ins" DROP COLUMN "scanner_device_id"`);
    await queryRunner.query(`ALTER TABLE "ticket_types" DROP COLUMN "reentry"`);
    await queryRunner.query(`DROP INDEX "public"."scanner_devices_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."scanner_devices_pairing_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."scanner_devices_token_key"`);
    await queryRunner.query(`DROP TABLE "scanner_devices"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "check_ins_one_ok_key" ON "check_ins" USING btree ("ticket_id") WHERE ((result)::text = 'ok'::text)`);
  }
}
