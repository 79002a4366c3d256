import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { BookingsModule } from '@app/bookings';
import { EventCancellationModule } from '@app/event-cancellation';
import { EventsModule } from '@app/events';
import {
  FileStorageModule,
  MailModule,
  PaymentsInfrastructureModule,
  PersistenceModule,
  RedisConnection,
  RedisModule,
  RedisThrottlerStorage,
  TicketSigningModule,
} from '@app/infrastructure';
import { PaymentsModule } from '@app/payments';
import { RefundsModule } from '@app/refunds';
import { SettingsModule } from '@app/settings';
import { TicketsModule } from '@app/tickets';
import { TransfersModule } from '@app/transfers';
import { UsersModule } from '@app/users';
import { LoggerModule } from 'nestjs-pino';
import { MIGRATIONS } from '../../../migrations/index.js';
import { AuditController } from './audit/audit.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { BookingViews } from './bookings/booking-views.js';
import { BoxOfficeController } from './box-office/box-office.controller.js';
import { BookingsController } from './bookings/bookings.controller.js';
import { CheckInsController } from './check-ins/check-ins.controller.js';
import { ScannerDevicesController } from './check-ins/scanner-devices.controller.js';
import { AppConfig, resolveSecret } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { parsePreviousPublicKeys, resolveTicketSigningKey } from './config/ticket-signing-keys.js';
import { EventsController } from './events/events.controller.js';
import { StatsController } from './stats/stats.controller.js';
import { HealthController } from './health/health.controller.js';
import { ShutdownState } from './http/graceful-shutdown.js';
import { ProblemsController } from './problems/problems.controller.js';
import { AccessGuard } from './http/access.guard.js';
import { requestIdMixin } from './http/access-log.js';
import { JwtKeys, TOKEN_AUDIENCE, TOKEN_ISSUER } from './http/jwt-keys.js';
import { JwtStrategy } from './http/jwt.strategy.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { rateLimitOptions, RateLimitGuard } from './http/rate-limit.js';
import { IdempotencyInterceptor } from './http/idempotency.interceptor.js';
import { createValidationPipe } from './http/validation.js';
import { JobScheduler } from './jobs/job-scheduler.js';
import { MessagesController } from './messages/messages.controller.js';
import { PaymentsController } from './payments/payments.controller.js';
import { RefundsController } from './refunds/refunds.controller.js';
import { SettingsController } from './settings/settings.controller.js';
import { Metrics } from './metrics/metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { BootstrapAdmin } from './users/bootstrap-admin.js';
import { AttendeesController } from './tickets/attendees.controller.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { TransfersController } from './transfers/transfers.controller.js';
import { UsersController } from './users/users.controller.js';

/** The composition root: configuration, cross-cutting HTTP, persistence, payment gateways, file storage, and the domain modules. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const jwtKeys = new JwtKeys(resolveSecret(config, config.JWT_SECRET, 'jwt-secret'));
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            // The request id on every line written inside a request, with no logger made per request.
            mixin: requestIdMixin,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-paystack-signature"]'],
          },
          // No pino-http middleware: it made two child loggers per request (one serializing all the
          // request headers, at any log level) and logged every response header. The access log is
          // accessLogMiddleware's one lean line (see configureApp).
          forRoutes: [],
        }),
        MetricsModule,
        RedisModule.forRoot(config.REDIS_URL),
        ThrottlerModule.forRootAsync({
          inject: [Metrics, RedisConnection],
          useFactory: (metrics: Metrics, redis: RedisConnection) => {
            if (!redis.client) return rateLimitOptions(config);
            const logger = new Logger('RateLimit');
            const storage = new RedisThrottlerStorage(
              redis.client,
              (error) => {
                metrics.rateLimitStorageErrors.inc();
                logger.warn(`Rate-limit store unreachable, request allowed: ${error instanceof Error ? error.message : String(error)}`);
              },
              `${config.REDIS_KEY_PREFIX}:throttle`,
            );
            return rateLimitOptions(config, storage);
          },
        }),
        JwtModule.register({
          global: true,
          secret: jwtKeys.key,
          signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
          verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        }),
        PassportModule,
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
      ],
      controllers: [
        HealthController,
        ProblemsController,
        MetricsController,
        AuthController,
        UsersController,
        AuditController,
        EventsController,
        StatsController,
        BookingsController,
        BoxOfficeController,
        MessagesController,
        TicketsController,
        AttendeesController,
        CheckInsController,
        ScannerDevicesController,
        PaymentsController,
        RefundsController,
        TransfersController,
        SettingsController,
      ],
      providers: [
        { provide: JwtKeys, useValue: jwtKeys },
        JwtStrategy,
        BootstrapAdmin,
        IdempotencyInterceptor,
        BookingViews,
        JobScheduler,
        ShutdownState,
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
