import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation's settings (`GET/PUT /settings`): one row at most, held by the CHECK `id = 1`
 * and the primary key. No row is inserted: until an admin saves settings the service answers its
 * defaults (name "Ticketing", NGN, Africa/Lagos), so the defaults live in one place, the code.
 */
export class Settings1796218207212 implements MigrationInterface {
  name = 'Settings1796218207212';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "settings" ("id" smallint NOT NULL DEFAULT '1', "name" character varying(200) NOT NULL, "support_email" character varying(254), "logo_url" character varying(2048), "default_currency" character(3) NOT NULL, "default_timezone" character varying(64) NOT NULL, "manual_payment_instructions" character varying(2000) NOT NULL, "updated_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "settings_currency_check" CHECK (default_currency ~ '^[A-Z]{3}$'), CONSTRAINT "settings_single_row_check" CHECK (id = 1), CONSTRAINT "settings_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "settings" ADD CONSTRAINT "settings_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "settings" DROP CONSTRAINT "settings_updated_by_fk"`);
    await queryRunner.query(`DROP TABLE "settings"`);
  }
}
