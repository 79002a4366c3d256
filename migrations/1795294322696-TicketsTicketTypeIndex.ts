import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An index for the tickets -> ticket_types foreign key (deleting a draft event's ticket types checks it). */
export class TicketsTicketTypeIndex1795294322696 implements MigrationInterface {
  name = 'TicketsTicketTypeIndex1795294322696';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "tickets_ticket_type_idx" ON "tickets"  ("ticket_type_id") `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."tickets_ticket_type_idx"`);
  }
}
