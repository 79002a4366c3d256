import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phone numbers (E.164, optional): `users.phone` with a CHECK of the E.164 shape, and
 * `tickets.holder_phone`, issued from the booking's attendee (`bookings.attendees` jsonb carries
 * the attendee's `phone` with no schema change). The API validates numbers with libphonenumber-js.
 */
export class Phones1796219028385 implements MigrationInterface {
  name = 'Phones1796219028385';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" ADD "holder_phone" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "users" ADD "phone" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "users_phone_check" CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_phone_check"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "phone"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "holder_phone"`);
  }
}
