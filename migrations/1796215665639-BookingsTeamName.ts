import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Team bookings: an optional `bookings.team_name` (1-100 characters), shown in lists and the attendee export. */
export class BookingsTeamName1796215665639 implements MigrationInterface {
  name = 'BookingsTeamName1796215665639';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bookings" ADD "team_name" character varying(100)`);
    await queryRunner.query(
      `ALTER TABLE "bookings" ADD CONSTRAINT "bookings_team_name_check" CHECK (team_name IS NULL OR char_length(team_name) BETWEEN 1 AND 100)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "bookings" DROP CONSTRAINT "bookings_team_name_check"`);
    await queryRunner.query(`ALTER TABLE "bookings" DROP COLUMN "team_name"`);
  }
}
