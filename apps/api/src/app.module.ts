import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { MailModule, PersistenceModule } from '@app/infrastructure';
import { UsersModule } from '@app/users';
import { LoggerModule } from 'nestjs-pino';
import { MIGRATIONS } from '../../../migrations/index.js';
import { AuditController } from './audit/audit.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { AppConfig, resolveSecret } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { HealthController } from './health/health.controller.js';
import { AccessGuard } from './http/access.guard.js';
import { JwtKeys, TOKEN_AUDIENCE, TOKEN_ISSUER } from './http/jwt-keys.js';
import { JwtStrategy } from './http/jwt.strategy.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { rateLimitOptions, RateLimitGuard } from './http/rate-limit.js';
import { createValidationPipe } from './http/validation.js';
import { MessagesController } from './messages/messages.controller.js';
import { Metrics } from './metrics/metrics.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { BootstrapAdmin } from './users/bootstrap-admin.js';
import { UsersController } from './users/users.controller.js';

/** The composition root: configuration, cross-cutting HTTP, persistence, and the domain modules. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const jwtSecret = resolveSecret(config, config.JWT_SECRET, 'jwt-secret');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            genReqId: (req) => String((req as { id?: string }).id),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-paystack-signature"]'],
            autoLogging: { ignore: (req) => /^\/(api\/v1\/health|metrics)/.test(req.url ?? '') },
          },
        }),
        ThrottlerModule.forRoot(rateLimitOptions(config)),
        JwtModule.register({
          global: true,
          secret: jwtSecret,
          signOptions: { algorithm: 'HS256', issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
          verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
        }),
        PassportModule,
        PersistenceModule.forRoot({
          url: config.DATABASE_URL,
          poolSize: config.DATABASE_POOL_SIZE,
          embeddedDir: config.embeddedDatabaseDir,
          migrationsRun: config.MIGRATIONS_RUN,
          migrations: MIGRATIONS,
        }),
        MailModule.forRoot({
          smtpUrl: config.SMTP_URL,
          from: config.MAIL_FROM,
          fileDir: config.mailDir,
          workerEnabled: config.MAIL_WORKER_ENABLED,
          pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
          retryBaseSeconds: config.MAIL_RETRY_BASE_SECONDS,
          maxAttempts: config.MAIL_MAX_ATTEMPTS,
        }),
        UsersModule,
      ],
      controllers: [HealthController, MetricsController, AuthController, UsersController, AuditController, MessagesController],
      providers: [
        { provide: JwtKeys, useValue: new JwtKeys(jwtSecret) },
        JwtStrategy,
        Metrics,
        BootstrapAdmin,
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
