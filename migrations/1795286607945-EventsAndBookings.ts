import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventsAndBookings1795286607945 implements MigrationInterface {
  name = 'EventsAndBookings1795286607945';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "booking_items" ("booking_id" uuid NOT NULL, "ticket_type_id" uuid NOT NULL, "quantity" integer NOT NULL, "unit_price" bigint NOT NULL, CONSTRAINT "booking_items_unit_price_check" CHECK (unit_price >= 0), CONSTRAINT "booking_items_quantity_check" CHECK (quantity > 0), CONSTRAINT "booking_items_pkey" PRIMARY KEY ("booking_id", "ticket_type_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "booking_items_ticket_type_idx" ON "booking_items"  ("ticket_type_id") `);
    await queryRunner.query(
      `CREATE TABLE "bookings" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "status" character varying(24) NOT NULL, "total_amount" bigint NOT NULL, "currency" character(3) NOT NULL, "attendees" jsonb NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_by" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "expired_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "bookings_total_check" CHECK (total_amount >= 0), CONSTRAINT "bookings_status_check" CHECK (status IN ('pending_payment', 'confirmed', 'expired', 'cancelled', 'partially_refunded', 'refunded')), CONSTRAINT "bookings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "bookings_due_holds_idx" ON "bookings"  ("expires_at") WHERE status = 'pending_payment'`);
    await queryRunner.query(`CREATE INDEX "bookings_event_idx" ON "bookings"  ("event_id", "id") `);
    await queryRunner.query(`CREATE INDEX "bookings_user_idx" ON "bookings"  ("user_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL, "title" character varying(200) NOT NULL, "description" text NOT NULL, "venue" character varying(300) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "timezone" character varying(64) NOT NULL, "capacity" integer NOT NULL, "currency" character(3) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "sold" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "created_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "events_currency_check" CHECK (currency ~ '^[A-Z]{3}$'), CONSTRAINT "events_status_check" CHECK (status IN ('draft', 'published', 'cancelled', 'completed')), CONSTRAINT "events_schedule_check" CHECK (ends_at > starts_at), CONSTRAINT "events_counters_check" CHECK (sold >= 0 AND held >= 0 AND sold + held <= capacity), CONSTRAINT "events_capacity_check" CHECK (capacity >= 1), CONSTRAINT "events_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "events_status_starts_idx" ON "events"  ("status", "starts_at") `);
    await queryRunner.query(
      `CREATE TABLE "ticket_types" ("id" uuid NOT NULL, "event_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "price" bigint NOT NULL, "quantity" integer NOT NULL, "sold" integer NOT NULL DEFAULT '0', "held" integer NOT NULL DEFAULT '0', "sales_start_at" TIMESTAMP WITH TIME ZONE, "sales_end_at" TIMESTAMP WITH TIME ZONE, "max_per_booking" integer NOT NULL DEFAULT '10', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ticket_types_event_name_key" UNIQUE ("event_id", "name"), CONSTRAINT "ticket_types_sales_window_check" CHECK (sales_start_at IS NULL OR sales_end_at IS NULL OR sales_end_at > sales_start_at), CONSTRAINT "ticket_types_max_per_booking_check" CHECK (max_per_booking BETWEEN 1 AND 100), CONSTRAINT "ticket_types_counters_check" CHECK (quantity >= 0 AND sold >= 0 AND held >= 0 AND sold + held <= quantity), CONSTRAINT "ticket_types_price_check" CHECK (price >= 0), CONSTRAINT "ticket_types_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ticket_types_event_idx" ON "ticket_types"  ("event_id") `);
    await queryRunner.query(
      `CREATE TABLE "idempotency_keys" ("user_id" uuid NOT NULL, "key" character varying(255) NOT NULL, "request_hash" character(64) NOT NULL, "status" character varying(16) NOT NULL, "response_status" integer, "response_body" jsonb, "locked_until" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "idempotency_keys_status_check" CHECK (status IN ('in_progress', 'completed')), CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("user_id", "key"))`,
    );
    await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys"  ("expires_at") `);
    await queryRunner.query(
      `ALTER TABLE "booking_items" ADD CONSTRAINT "booking_items_booking_fk" FOREIGN KEY ("booking_id") REFERENCES "bookings"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "booking_items" ADD CONSTRAINT "booking_items_ticket_type_fk" FOREIGN KEY ("ticket_type_id") REFERENCES "ticket_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "bookings_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "bookings_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "bookings_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ticket_types" ADD CONSTRAINT "ticket_types_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "ticket_types" DROP CONSTRAINT "ticket_types_event_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "bookings_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "bookings_user_fk"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "bookings_event_fk"`);
    await queryRunner.query(`ALTER TABLE "booking_items" DROP CONSTRAINT "booking_items_ticket_type_fk"`);
    await queryRunner.query(`ALTER TABLE "booking_items" DROP CONSTRAINT "booking_items_booking_fk"`);
    await queryRunner.query(`DROP INDEX "public"."idempotency_keys_expires_idx"`);
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP INDEX "public"."ticket_types_event_idx"`);
    await queryRunner.query(`DROP TABLE "ticket_types"`);
    await queryRunner.query(`DROP INDEX "public"."events_status_starts_idx"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP INDEX "public"."bookings_user_idx"`);
    await queryRunner.query(`DROP INDEX "public"."bookings_event_idx"`);
    await queryRunner.query(`DROP INDEX "public"."bookings_due_holds_idx"`);
    await queryRunner.query(`DROP TABLE "bookings"`);
    await queryRunner.query(`DROP INDEX "public"."booking_items_ticket_type_idx"`);
    await queryRunner.query(`DROP TABLE "booking_items"`);
  }
}
