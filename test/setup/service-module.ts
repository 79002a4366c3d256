import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtModule } from '@nestjs/jwt';
import { Test, TestingModule } from '@nestjs/testing';
import { BookingsModule } from '@app/bookings';
import { EventCancellationModule } from '@app/event-cancellation';
import { EventsModule } from '@app/events';
import { FileStorageModule, MailModule, PaymentsInfrastructureModule, PersistenceModule, TicketSigningModule } from '@app/infrastructure';
import { PaymentsModule } from '@app/payments';
import { RefundsModule } from '@app/refunds';
import { SettingsModule } from '@app/settings';
import { TicketsModule } from '@app/tickets';
import { TransfersModule } from '@app/transfers';
import { UsersModule } from '@app/users';
import { AppConfig, loadConfig, resolveSecret } from '../../apps/api/src/config/app-config.js';
import { ConfigModule } from '../../apps/api/src/config/config.module.js';
import { parsePreviousPublicKeys, resolveTicketSigningKey } from '../../apps/api/src/config/ticket-signing-keys.js';
import { JwtKeys, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../../apps/api/src/http/jwt-keys.js';
import { MIGRATIONS } from '../../migrations/index.js';
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
 * module users sign sessions with), configured as the app is (`loadConfig`, `ConfigModule`). Left
 * out: controllers, guards, the HTTP server, the periodic jobs (JobScheduler) and the mail worker
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

/** The imports of AppModule.register (apps/api/src/app.module.ts) minus HTTP, logging, metrics, rate limits and Redis. */
function domainImports(config: AppConfig) {
  return [
    ConfigModule.forRoot(config),
    JwtModule.register({
      global: true,
      secret: new JwtKeys(resolveSecret(config, config.JWT_SECRET, 'jwt-secret')).key,
      signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
    }),
    PersistenceModule.forRoot({
      url: config.DATABASE_URL,
      poolSize: config.DATABASE_POOL_SIZE,
      lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
      connectionTimeoutMs: config.DATABASE_POOL_WAIT_MS,
      embeddedDir: config.embeddedDatabaseDir,
      migrationsRun: config.MIGRATIONS_RUN,
      migrations: MIGRATIONS,
      authUserCache: { maxEntries: config.USER_CACHE_MAX_ENTRIES, ttlSeconds: config.USER_CACHE_TTL_SECONDS },
    }),
    PaymentsInfrastructureModule.forRoot({
      paystack: {
        secretKey: config.PAYSTACK_SECRET_KEY,
        baseUrl: config.PAYSTACK_BASE_URL,
        callbackUrl: config.PAYMENT_CALLBACK_URL,
        resilience: { timeoutMs: config.PAYSTACK_TIMEOUT_MS, halfOpenAfterMs: config.PAYSTACK_BREAKER_HALF_OPEN_SECONDS * 1000 },
      },
    }),
    FileStorageModule.forRoot({ dataDir: config.DATA_DIR }),
    MailModule.forRoot({
      from: config.MAIL_FROM,
      fileDir: config.mailDir,
      workerEnabled: false,
      pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
      retryBaseSeconds: config.MAIL_RETRY_BASE_SECONDS,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
    }),
    TicketSigningModule.forRoot(() => ({
      privateKey: resolveTicketSigningKey(config.TICKET_SIGNING_KEY, config.DATA_DIR),
      previousPublicKeys: parsePreviousPublicKeys(config.TICKET_PREVIOUS_PUBLIC_KEYS),
    })),
    SettingsModule,
    UsersModule,
    EventsModule,
    BookingsModule,
    TicketsModule,
    PaymentsModule,
    RefundsModule,
    TransfersModule,
    EventCancellationModule,
  ];
}
