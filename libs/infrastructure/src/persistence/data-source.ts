import { DataSource, DataSourceOptions, MigrationExecutor, MigrationInterface } from 'typeorm';
import { EmbeddedPostgres } from './embedded-postgres.js';
import type { NotifiedAuthUserCacheOptions } from './users/notified-auth-user-cache.js';

/** How to reach the database. */
export interface DatabaseOptions {
  /** `postgres://user:pass@host:5432/db`; unset means the embedded database. */
  url?: string;
  /** Connections in the pool for a PostgreSQL server (the embedded database always uses 1). */
  poolSize: number;
  /** Folder of the embedded database, or `memory://` for a throw-away one. */
  embeddedDir: string;
  /** Apply pending migrations at start. */
  migrationsRun: boolean;
  /** Migration classes, oldest first. */
  migrations: (new () => MigrationInterface)[];
  /** Milliseconds to wait for a free pooled connection before failing (default 10 s). */
  connectionTimeoutMs?: number;
  /** Postgres `lock_timeout` of every connection, in ms (default 3000): a lock wait past it fails fast (503 busy). */
  lockTimeoutMs?: number;
  logging?: boolean;
  /** The in-process cache of the users access tokens resolve to; absent or `maxEntries: 0`, none. */
  authUserCache?: NotifiedAuthUserCacheOptions;
}

/** A DataSource that owns an embedded PostgreSQL and closes it after the pool. */
export class EmbeddedDataSource extends DataSource {
  constructor(
    readonly embedded: EmbeddedPostgres,
    options: DataSourceOptions,
  ) {
    super(options);
  }

  override async destroy(): Promise<void> {
    try {
      if (this.isInitialized) await super.destroy();
    } finally {
      await this.embedded.close();
    }
  }
}

/** Builds (does not initialize) the DataSource: PostgreSQL when `url` is set, else embedded PGlite. */
export async function createDataSource(options: DatabaseOptions): Promise<DataSource> {
  const common = {
    type: 'postgres' as const,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: options.logging ?? false,
  };
  if (options.url) {
    return new DataSource({
      ...common,
      url: options.url,
      poolSize: options.poolSize,
      applicationName: 'ticketing-api',
      // A session default sent at connect time: no extra round trip per transaction.
      extra: { connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000, options: `-c lock_timeout=${options.lockTimeoutMs ?? 3000}` },
    });
  }
  const embedded = await EmbeddedPostgres.start(options.embeddedDir);
  // PGlite has a single connection: a pool of exactly one that never closes it.
  return new EmbeddedDataSource(embedded, { ...common, extra: { ...embedded.pgConfig(), max: 1, idleTimeoutMillis: 0 } });
}

/** Advisory-lock key that serialises migration runs of several processes on one database (exported for tests). */
export const MIGRATION_LOCK_KEY = 7_246_613_001;

/**
 * Applies pending migrations (all in one transaction) and returns their names. On a PostgreSQL
 * server the run holds an advisory lock, so replicas starting together migrate once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  if (dataSource instanceof EmbeddedDataSource) {
    return (await dataSource.runMigrations({ transaction: 'all' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // Set first: waiting for another replica's migrations (the advisory lock) and the schema
    // changes' own locks may both take longer than the API's requests may wait (lock_timeout).
    await runner.query(`SET lock_timeout = '60s'`);
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Migrate on the connection that holds the lock (a pool of one must not deadlock).
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'all';
    return (await executor.executePendingMigrations()).map((m) => m.name);
  } finally {
    await runner.query('RESET lock_timeout').catch(() => undefined);
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/** One migration as `migration:status` lists it: its class name and the timestamp in that name (ms since the epoch, UTC). */
export interface MigrationState {
  name: string;
  timestamp: number;
}

/**
 * The migrations recorded as applied in the database (oldest first) and those of `migrations/`
 * not yet applied (in the order `migration:run` would apply them). Read-only, apart from creating
 * TypeORM's empty `migrations` table on a database that never had one.
 */
export async function migrationStatus(dataSource: DataSource): Promise<{ applied: MigrationState[]; pending: MigrationState[] }> {
  const executor = new MigrationExecutor(dataSource);
  const state = (m: { name: string; timestamp: number }): MigrationState => ({ name: m.name, timestamp: m.timestamp });
  const applied = (await executor.getExecutedMigrations()).map(state).sort((a, b) => a.timestamp - b.timestamp);
  const pending = (await executor.getPendingMigrations()).map(state);
  return { applied, pending };
}

/** Reverts the newest applied migration. */
export async function revertLastMigration(dataSource: DataSource): Promise<void> {
  await dataSource.undoLastMigration({ transaction: 'all' });
}
