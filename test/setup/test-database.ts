import { createHash, randomBytes } from 'node:crypto';
import { createDataSource, runMigrations } from '@app/infrastructure';
import { Client } from 'pg';
import { MIGRATIONS } from '../../migrations/index.js';

/** A database of its own for one test file. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const TEMPLATE_LOCK = 7_246_613_002;

/** @throws when the name lacks "test": tests create and drop databases, never on anything else. */
export function assertTestDatabaseUrl(url: string): URL {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  if (!/test/i.test(name)) {
    throw new Error(`Refusing to run tests against database "${name}": a test database name must contain "test".`);
  }
  return parsed;
}

function withDatabase(url: URL, name: string): string {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

/** Fingerprint of the migrations' code: the template is rebuilt when a migration changes. */
export function migrationsFingerprint(): string {
  return createHash('sha256')
    .update(MIGRATIONS.map((m) => `${m.name}:${m.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
}

/**
 * With DATABASE_URL set (its database name must contain "test"): a fresh database for the calling
 * test file, cloned from `<name>_tpl`, a template migrated once and rebuilt when the migrations
 * change; creation is serialised across jest workers by an advisory lock. Without DATABASE_URL:
 * null (the app then uses an in-memory embedded database).
 */
export async function provisionTestDatabase(): Promise<TestDatabase | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const baseUrl = assertTestDatabaseUrl(base);
  const baseName = decodeURIComponent(baseUrl.pathname.slice(1));
  const template = `${baseName}_tpl`;
  const name = `${baseName}_${randomBytes(5).toString('hex')}`;
  const fingerprint = migrationsFingerprint();

  const admin = new Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    const { rows } = await admin.query<{ comment: string | null }>(
      `SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1`,
      [template],
    );
    if (rows[0]?.comment !== fingerprint) {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${template}"`);
      const dataSource = await createDataSource({
        url: withDatabase(baseUrl, template),
        poolSize: 1,
        embeddedDir: '',
        migrationsRun: false,
        migrations: MIGRATIONS,
      });
      await dataSource.initialize();
      try {
        await runMigrations(dataSource);
      } finally {
        await dataSource.destroy();
      }
      await admin.query(`COMMENT ON DATABASE "${template}" IS '${fingerprint}'`);
    }
    // FILE_COPY: a file-level copy of the small template, where PostgreSQL 15's default (WAL_LOG)
    // writes every page of it to the WAL, about twice the server's CPU per test database.
    const { rows: version } = await admin.query<{ server_version_num: string }>('SHOW server_version_num');
    const strategy = Number(version[0]!.server_version_num) >= 150_000 ? ' STRATEGY FILE_COPY' : '';
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"${strategy}`);
    // A test database needs no durability: a commit need not wait for its WAL flush (still atomic
    // and at once visible to every session; only a server crash could lose the last commits).
    await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
  } finally {
    await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]).catch(() => undefined);
    await admin.end();
  }

  return {
    url: withDatabase(baseUrl, name),
    async drop() {
      const client = new Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
