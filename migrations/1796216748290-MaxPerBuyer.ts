import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Limits per buyer: `events.max_per_buyer` (default 10) and `buyer_seats`, the guarded counter of
 * the seats each user holds or has bought per event. Backfilled from the bookings as the counter
 * counts them: a pending booking its items; a paid one its items less its refunded tickets; an
 * event-cancelled one its tickets still valid or checked in; an expired one nothing.
 */
export class MaxPerBuyer1796216748290 implements MigrationInterface {
  name = 'MaxPerBuyer1796216748290';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "buyer_seats" ("event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "seats" integer NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "buyer_seats_seats_check" CHECK (seats >= 0), CONSTRAINT "buyer_seats_pkey" PRIMARY KEY ("event_id", "user_id"))`,
    );
    await queryRunner.query(`ALTER TABLE "events" ADD "max_per_buyer" integer NOT NULL DEFAULT '10'`);
    await queryRunner.query(`ALTER TABLE "events" ADD CONSTRAINT "events_max_per_buyer_check" CHECK (max_per_buyer BETWEEN 1 AND 10000)`);
    await queryRunner.query(
      `ALTER TABLE "buyer_seats" ADD CONSTRAINT "buyer_seats_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "buyer_seats" ADD CONSTRAINT "buyer_seats_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO buyer_seats (event_id, user_id, seats)
       SELECT b.event_id, b.user_id, sum(CASE
                  WHEN b.status = 'pending_payment' THEN (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
                  WHEN b.status IN ('confirmed', 'partially_refunded', 'refunded') THEN
                    (SELECT COALESCE(sum(bi.quantity), 0) FROM booking_items bi WHERE bi.booking_id = b.id)
                    - (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status = 'refunded')
                  WHEN b.status = 'cancelled' THEN (SELECT count(*) FROM tickets t WHERE t.booking_id = b.id AND t.status IN ('valid', 'checked_in'))
                  ELSE 0 END)::int AS seats
         FROM bookings b
        GROUP BY b.event_id, b.user_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "buyer_seats" DROP CONSTRAINT "buyer_seats_user_fk"`);
    await queryRunner.query(`ALTER TABLE "buyer_seats" DROP CONSTRAINT "buyer_seats_event_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_max_per_buyer_check"`);
    await queryRunner.query(`ALTER TABLE "events" DROP COLUMN "max_per_buyer"`);
    await queryRunner.query(`DROP TABLE "buyer_seats"`);
  }
}
