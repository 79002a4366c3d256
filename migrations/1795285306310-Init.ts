import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795285306310 implements MigrationInterface {
  name = 'Init1795285306310';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_logs" ("id" uuid NOT NULL, "actor_id" uuid, "action" character varying(100) NOT NULL, "entity_type" character varying(50), "entity_id" character varying(100), "details" jsonb NOT NULL, "ip" character varying(64), "user_agent" character varying(512), "request_id" character varying(128), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_logs_action_idx" ON "audit_logs"  ("action", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_logs_entity_idx" ON "audit_logs"  ("entity_type", "entity_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_logs_actor_idx" ON "audit_logs"  ("actor_id", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_logs_created_idx" ON "audit_logs"  ("created_at") `);
    await queryRunner.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "replaced_by_id" uuid, "ip" character varying(64), "user_agent" character varying(512), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "refresh_tokens_token_hash_key" UNIQUE ("token_hash"), CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens"  ("user_id") `);
    await queryRunner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens"  ("family_id") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "email" character varying(254) NOT NULL, "name" character varying(200) NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL, "disabled" boolean NOT NULL DEFAULT false, "token_version" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_email_key" UNIQUE ("email"), CONSTRAINT "users_roles_check" CHECK (cardinality(roles) >= 1 AND roles <@ ARRAY['admin', 'scanner', 'viewer', 'customer']::text[]), CONSTRAINT "users_email_lower_check" CHECK (email = lower(email)), CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "refresh_tokens_user_fk"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_idx"`);
    await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_idx"`);
    await queryRunner.query(`DROP TABLE "refresh_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."audit_logs_created_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_logs_actor_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_logs_entity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_logs_action_idx"`);
    await queryRunner.query(`DROP TABLE "audit_logs"`);
  }
}
