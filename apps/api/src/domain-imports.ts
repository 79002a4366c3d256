import { DynamicModule } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
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
import { MIGRATIONS } from '../../../migrations/index.js';
import { AppConfig, resolveSecret } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { parsePreviousPublicKeys, resolveTicketSigningKey } from './config/ticket-signing-keys.js';
import { JwtKeys, TOKEN_AUDIENCE, TOKEN_ISSUER } from './http/jwt-keys.js';

type ModuleImport = NonNullable<DynamicModule['imports']>[number];

/**
 * The modules of the domain and the infrastructure it runs on (configuration, the JWT module sessions
 * are signed with, persistence, payment gateways, file storage, the mail outbox, ticket signing, and
 * the nine domain modules), each configured from `config`: everything of the app but HTTP, logging,
 * metrics, rate limits and Redis. The app imports it, and so does the service-level test tier.
 */
export function domainImports(config: AppConfig, jwtKeys = new JwtKeys(resolveSecret(config, config.JWT_SECRET, 'jwt-secret'))): ModuleImport[] {
  return [
    ConfigModule.forRoot(config),
    JwtModule.register({
      global: true,
      secret: jwtKeys.key,
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
      authUserCache: {
        maxEntries: config.USER_CACHE_MAX_ENTRIES,
        ttlSeconds: config.USER_CACHE_TTL_SECONDS,
        listenUrl: config.DATABASE_LISTEN_URL,
        propagationWaitMs: config.USER_CACHE_PROPAGATION_WAIT_MS,
      },
    }),
    PaymentsInfrastructureModule.forRoot({
      paystack: {
        secretKey: config.PAYSTACK_SECRET_KEY,
        baseUrl: config.PAYSTACK_BASE_URL,
        callbackUrl: config.PAYMENT_CALLBACK_URL,
        resilience: { timeoutMs: config.PAYSTACK_TIMEOUT_MS, halfOpenAfterMs: config.PAYSTACK_BREAKER_HALF_OPEN_SECONDS * 1000 },
      },
    }),
    FileStorageModule.forRoot({ dataDir: config.DATA_DIR, cloudinaryUrl: config.CLOUDINARY_URL, warnIfLocal: config.isProduction }),
    MailModule.forRoot({
      smtpUrl: config.SMTP_URL,
      brevo:
        config.MAIL_TRANSPORT === 'brevo' && config.BREVO_API_KEY
          ? { apiKey: config.BREVO_API_KEY, apiUrl: config.BREVO_API_URL, timeoutMs: config.BREVO_TIMEOUT_MS }
          : undefined,
      from: config.MAIL_FROM,
      fileDir: config.mailDir,
      workerEnabled: config.MAIL_WORKER_ENABLED,
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
