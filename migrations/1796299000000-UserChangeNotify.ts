import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every update that sets what an access token resolves to (a user's e-mail, name, roles, disabled,
 * password hash or token version) and every delete of a user sends `NOTIFY user_changes, '<id>'`
 * in the changing transaction (a TRUNCATE sends `'*'`): nothing can change a user without
 * notifying, a rolled-back change notifies nothing, a committed one always does. Each API replica
 * listens and drops the user from its in-process cache (libs/infrastructure
 * `NotifiedAuthUserCache`).
 */
export class UserChangeNotify1796299000000 implements MigrationInterface {
  name = 'UserChangeNotify1796299000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION users_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          PERFORM pg_notify('user_changes', '*');
        ELSE
          PERFORM pg_notify('user_changes', OLD.id::text);
        END IF;
        RETURN NULL;
      END $$`);
    // Whenever one of these columns is SET, changed or not: the replica that made the change waits
    // for the notification before answering, so every such statement must send one.
    await q.query(`CREATE TRIGGER users_notify_change AFTER UPDATE OF id, email, name, roles, disabled, password_hash, token_version ON users
      FOR EACH ROW EXECUTE FUNCTION users_notify_change()`);
    await q.query(`CREATE TRIGGER users_notify_delete AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION users_notify_change()`);
    await q.query(`CREATE TRIGGER users_notify_truncate AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION users_notify_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER users_notify_truncate ON users`);
    await q.query(`DROP TRIGGER users_notify_delete ON users`);
    await q.query(`DROP TRIGGER users_notify_change ON users`);
    await q.query(`DROP FUNCTION users_notify_change()`);
  }
}
