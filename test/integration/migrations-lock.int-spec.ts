import { setTimeout as sleep } from 'node:timers/promises';
import { createDataSource, runMigrations } from '@app/infrastructure';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { MIGRATION_LOCK_KEY } from '../../libs/infrastructure/src/persistence/data-source.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';

const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip; // advisory locks need a database server
const LOCK_TIMEOUT_MS = 200;

/**
 * Replicas migrating at start take turns on an advisory lock. A replica that starts while another
 * migrates waits for it longer than the connections' lock_timeout (DATABASE_LOCK_TIMEOUT_MS) would
 * allow a request to wait, instead of failing its start.
 */
describeWithServer('runMigrations under the migration lock (integration, PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let other: Client;

  beforeAll(async () => {
    database = (await provisionTestDatabase())!;
    dataSource = await createDataSource({
      url: database.url,
      poolSize: 2,
      embeddedDir: '',
      migrationsRun: false,
      migrations: MIGRATIONS,
      lockTimeoutMs: LOCK_TIMEOUT_MS,
    });
    await dataSource.initialize();
    other = new Client({ connectionString: database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other.end();
    await dataSource.destroy();
    await database.drop();
  });

  it('waits for another replica holding the lock longer than lock_timeout, then finds nothing to apply', async () => {
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]); // "another replica is migrating"
    let settled = false;
    const run = runMigrations(dataSource).finally(() => (settled = true));
    run.catch(() => undefined); // observed below
    await sleep(LOCK_TIMEOUT_MS * 4);
    expect(settled).toBe(false); // still waiting, not failed after lock_timeout
    await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    await expect(run).resolves.toEqual([]); // the template database is fully migrated
    // The connection went back to the pool with the configured lock_timeout.
    const [{ lock_timeout }] = await dataSource.query('SHOW lock_timeout');
    expect(lock_timeout).toBe(`${LOCK_TIMEOUT_MS}ms`);
  });
});
