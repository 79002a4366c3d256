import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { RedisConnection, RedisModule, RedisThrottlerStorage } from '@app/infrastructure';
import { LoggerModule } from 'nestjs-pino';
import { AuditController } from './audit/audit.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { BookingViews } from './bookings/booking-views.js';
import { BoxOfficeController } from './box-office/box-office.controller.js';
import { BookingsController } from './bookings/bookings.controller.js';
import { CheckInsController } from './check-ins/check-ins.controller.js';
import { ScannerDevicesController } from './check-ins/scanner-devices.controller.js';
import { AppConfig, resolveSecret } from './config/app-config.js';
import { EventsController } from './events/events.controller.js';
import { StatsController } from './stats/stats.controller.js';
import { HealthController } from './health/health.controller.js';
import { ShutdownState } from './http/graceful-shutdown.js';
import { ProblemsController } from './problems/problems.controller.js';
import { AccessGuard } from './http/access.guard.js';
import { requestIdMixin } from './http/access-log.js';
import { JwtKeys } from './http/jwt-keys.js';
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
import { domainImports } from './domain-imports.js';

/** The composition root: configuration, cross-cutting HTTP, persistence, payment gateways, file storage, and the domain modules. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const jwtKeys = new JwtKeys(resolveSecret(config, config.JWT_SECRET, 'jwt-secret'));
    return {
      module: AppModule,
      imports: [
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
        PassportModule,
        ...domainImports(config, jwtKeys),
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
