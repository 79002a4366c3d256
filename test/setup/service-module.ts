import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, TestingModule } from '@nestjs/testing';
import { AppConfig, loadConfig } from '../../apps/api/src/config/app-config.js';
import { domainImports } from '../../apps/api/src/domain-imports.js';
import { freshEmbeddedDataDir } from './embedded-template.js';
import { TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY } from './test-secrets.js';
import { provisionTestDatabase } from './test-database.js';

/**
 * The domain in one process, without HTTP: the domain modules wired to the real adapters and a
 * database of this test file's own. `app` is the Nest testing module (its `get` resolves any
 * provider), so the helpers of test/setup/db.ts and the service-calling factories take it as
 * they take a TestApp.
 */
export interface ServiceModule {
  app: TestingModule;
  config: AppConfig;
  /** The database URL when running on PostgreSQL (null on the embedded database). */
  databaseUrl: string | null;
  close(): Promise<void>;
}

/**
 * Builds and initialises a Nest testing module of the domain modules (users, events, bookings,
 * payments, refunds, transfers, tickets, settings, event cancellation) and the infrastructure they
 * need (persistence, the payment gateways, file storage, the mail outbox, ticket signing, the JWT
 * module users sign sessions with): `domainImports`, the list the app imports, configured as the
 * app is (`loadConfig`). Left out: controllers, guards, the HTTP server, the periodic jobs
 * (JobScheduler) and the mail worker
 * (a test runs a job by calling its service: `BookingsService.expireDue`, `ProcessRefundUseCase.processDue`…).
 * Paystack is unconfigured (only `manual` payments), as in the e2e tests that do not start a fake.
 *
 * Database: with DATABASE_URL, a fresh PostgreSQL database cloned from the migrated template
 * ({@link provisionTestDatabase}); without it, a copy of the migrated embedded template folder
 * ({@link freshEmbeddedDataDir}). `close()` closes the module, then drops the database or removes
 * the folder. Environment overrides go through the same validation as production configuration.
 * One module per test file, started in `beforeAll`.
 */
export async function startServiceModule(env: Record<string, string> = {}): Promise<ServiceModule> {
  const database = await provisionTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ticketing-service-'));
  const embeddedDir = database ? null : await freshEmbeddedDataDir();
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY,
    DATA_DIR: dataDir,
    MAIL_WORKER_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    // The access-token user cache serves the HTTP guard only; no LISTEN connection here.
    USER_CACHE_MAX_ENTRIES: '0',
    // Abuse limits off unless a test is about them, as in startTestApp.
    TRANSFER_OFFERS_PER_SENDER_PER_HOUR: '10000',
    TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY: '10000',
    TRANSFER_CANCEL_COOLDOWN_MINUTES: '0',
    ...(database ? { DATABASE_URL: database.url, MIGRATIONS_RUN: 'false' } : { EMBEDDED_DATABASE_DIR: embeddedDir!, MIGRATIONS_RUN: 'false' }),
    ...env,
  });
  const cleanUp = async () => {
    if (database) await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
    if (embeddedDir) rmSync(embeddedDir, { recursive: true, force: true });
  };
  let app: TestingModule;
  try {
    app = await Test.createTestingModule({ imports: domainImports(config) }).compile();
    await app.init();
  } catch (error) {
    await cleanUp();
    throw error;
  }
  let closed = false;
  return {
    app,
    config,
    databaseUrl: database?.url ?? null,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await app.close();
      } finally {
        await cleanUp();
      }
    },
  };
}
