import { DynamicModule, Global, Module } from '@nestjs/common';
import { BookingSettings } from '@app/bookings';
import { CheckInSettings } from '@app/tickets';
import { TransferSettings } from '@app/transfers';
import { AuthSettings } from '@app/users';
import { AppConfig } from './app-config.js';

/** Makes the validated configuration, and the settings that domain libs read from it, injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    const providers = [
      { provide: AppConfig, useValue: config },
      {
        provide: AuthSettings,
        useValue: {
          accessTokenTtlSeconds: config.JWT_ACCESS_TTL,
          refreshTokenTtlSeconds: config.JWT_REFRESH_TTL,
          emailVerificationTtlSeconds: Math.round(config.EMAIL_VERIFICATION_HOURS * 3600),
          emailVerificationUrl: config.EMAIL_VERIFICATION_URL,
        } satisfies AuthSettings,
      },
      {
        provide: BookingSettings,
        useValue: { holdSeconds: Math.round(config.BOOKING_HOLD_MINUTES * 60) } satisfies BookingSettings,
      },
      { provide: CheckInSettings, useValue: { opensBeforeMinutes: config.CHECKIN_OPENS_BEFORE_MINUTES } satisfies CheckInSettings },
      {
        provide: TransferSettings,
        useValue: {
          expirySeconds: config.TRANSFER_EXPIRY_HOURS * 3600,
          acceptUrl: config.TRANSFER_ACCEPT_URL,
          offerLimits: {
            perSenderPerHour: config.TRANSFER_OFFERS_PER_SENDER_PER_HOUR,
            perRecipientPerDay: config.TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY,
            cancelCooldownSeconds: config.TRANSFER_CANCEL_COOLDOWN_MINUTES * 60,
          },
        } satisfies TransferSettings,
      },
    ];
    return { module: ConfigModule, providers, exports: providers.map((p) => p.provide) };
  }
}
