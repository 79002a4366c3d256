import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingRepository, BookingTimelineReader } from '@app/bookings';
import { EventRepository, StatsRepository, TicketTypeRepository } from '@app/events';
import { CheckInRepository, ScannerDeviceRepository, TicketRepository } from '@app/tickets';
import { PaymentRepository, WebhookInbox } from '@app/payments';
import { RefundRepository } from '@app/refunds';
import { AuditLog, IdempotencyStore, TransactionRunner } from '@app/shared';
import { SettingsRepository } from '@app/settings';
import { TransferRepository } from '@app/transfers';
import { AuthUserCache, PasswordHasher, RefreshTokenRepository, UncachedAuthUsers, UserRepository } from '@app/users';
import { DataSource } from 'typeorm';
import { Argon2PasswordHasher } from '../security/argon2-password-hasher.js';
import { TypeOrmAuditLog } from './audit/typeorm-audit-log.js';
import { SqlBookingTimelineReader } from './bookings/sql-booking-timeline.reader.js';
import { TypeOrmBookingRepository } from './bookings/typeorm-booking.repository.js';
import { DatabaseContext } from './database-context.js';
import { DatabaseHealth } from './database-health.js';
import { createDataSource, DatabaseOptions, EmbeddedDataSource, runMigrations } from './data-source.js';
import { TypeOrmEventRepository } from './events/typeorm-event.repository.js';
import { TypeOrmTicketTypeRepository } from './events/typeorm-ticket-type.repository.js';
import { SqlScannerDeviceRepository } from './tickets/sql-scanner-device.repository.js';
import { TypeOrmCheckInRepository } from './tickets/typeorm-check-in.repository.js';
import { TypeOrmTicketRepository } from './tickets/typeorm-ticket.repository.js';
import { TypeOrmTransferRepository } from './transfers/typeorm-transfer.repository.js';
import { TypeOrmIdempotencyStore } from './idempotency/typeorm-idempotency.store.js';
import { TypeOrmPaymentRepository, TypeOrmWebhookInbox } from './payments/typeorm-payment.repository.js';
import { TypeOrmRefundRepository } from './refunds/typeorm-refund.repository.js';
import { TypeOrmStatsRepository } from './stats/typeorm-stats.repository.js';
import { TypeOrmSettingsRepository } from './settings/typeorm-settings.repository.js';
import { TypeOrmRefreshTokenRepository } from './users/typeorm-refresh-token.repository.js';
import { TypeOrmUserRepository } from './users/typeorm-user.repository.js';
import { NotifiedAuthUserCache } from './users/notified-auth-user-cache.js';

const PORTS = [
  { provide: TransactionRunner, useExisting: DatabaseContext },
  { provide: UserRepository, useClass: TypeOrmUserRepository },
  { provide: RefreshTokenRepository, useClass: TypeOrmRefreshTokenRepository },
  { provide: AuditLog, useClass: TypeOrmAuditLog },
  { provide: PasswordHasher, useClass: Argon2PasswordHasher },
  { provide: IdempotencyStore, useClass: TypeOrmIdempotencyStore },
  { provide: EventRepository, useClass: TypeOrmEventRepository },
  { provide: TicketTypeRepository, useClass: TypeOrmTicketTypeRepository },
  { provide: BookingRepository, useClass: TypeOrmBookingRepository },
  { provide: BookingTimelineReader, useClass: SqlBookingTimelineReader },
  { provide: TicketRepository, useClass: TypeOrmTicketRepository },
  { provide: CheckInRepository, useClass: TypeOrmCheckInRepository },
  { provide: ScannerDeviceRepository, useClass: SqlScannerDeviceRepository },
  { provide: PaymentRepository, useClass: TypeOrmPaymentRepository },
  { provide: WebhookInbox, useClass: TypeOrmWebhookInbox },
  { provide: RefundRepository, useClass: TypeOrmRefundRepository },
  { provide: TransferRepository, useClass: TypeOrmTransferRepository },
  { provide: StatsRepository, useClass: TypeOrmStatsRepository },
  { provide: SettingsRepository, useClass: TypeOrmSettingsRepository },
];

/**
 * The database (PostgreSQL or embedded), migrations at start, and the adapters of every domain
 * port. Global, so domain modules inject their ports without importing infrastructure.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    const logger = new Logger('Database');
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ type: 'postgres', retryAttempts: options.url ? 5 : 0, retryDelay: 2000 }),
          dataSourceFactory: async () => {
            const dataSource = await createDataSource(options);
            try {
              await dataSource.initialize();
              if (options.migrationsRun) {
                const applied = await runMigrations(dataSource);
                if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
              }
              logger.log(options.url ? 'Connected to PostgreSQL' : `Embedded PostgreSQL in ${options.embeddedDir}`);
              return dataSource;
            } catch (error) {
              await dataSource.destroy().catch(() => undefined);
              throw error;
            }
          },
        }),
      ],
      providers: [DatabaseContext, DatabaseHealth, ...PORTS, authUserCacheProvider(options)],
      exports: [DatabaseContext, DatabaseHealth, ...PORTS.map((p) => p.provide), AuthUserCache],
    };
  }
}

/** The access-token users' cache: invalidated through LISTEN/NOTIFY (see {@link NotifiedAuthUserCache}), or none when `authUserCache.maxEntries` is 0. */
function authUserCacheProvider(options: DatabaseOptions) {
  return {
    provide: AuthUserCache,
    inject: [DataSource],
    useFactory: (dataSource: DataSource): AuthUserCache => {
      const cache = options.authUserCache;
      if (!cache || cache.maxEntries <= 0) return new UncachedAuthUsers();
      const source = dataSource instanceof EmbeddedDataSource ? { embedded: dataSource.embedded } : { url: cache.listenUrl ?? options.url! };
      return new NotifiedAuthUserCache(source, cache);
    },
  };
}
