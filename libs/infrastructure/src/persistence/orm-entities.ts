import { OutboxMessageOrmEntity } from '../mail/outbox-message.orm-entity.js';
import { AuditLogOrmEntity } from './audit/audit-log.orm-entity.js';
import { BookingItemOrmEntity } from './bookings/booking-item.orm-entity.js';
import { BookingOrmEntity } from './bookings/booking.orm-entity.js';
import { BuyerSeatsOrmEntity } from './bookings/buyer-seats.orm-entity.js';
import { EventOrmEntity } from './events/event.orm-entity.js';
import { TicketTypeOrmEntity } from './events/ticket-type.orm-entity.js';
import { CheckInOrmEntity } from './tickets/check-in.orm-entity.js';
import { ScannerDeviceOrmEntity } from './tickets/scanner-device.orm-entity.js';
import { TicketOrmEntity } from './tickets/ticket.orm-entity.js';
import { TransferOrmEntity } from './transfers/transfer.orm-entity.js';
import { IdempotencyKeyOrmEntity } from './idempotency/idempotency-key.orm-entity.js';
import { PaymentWebhookEventOrmEntity } from './payments/payment-webhook-event.orm-entity.js';
import { PaymentOrmEntity } from './payments/payment.orm-entity.js';
import { RefundOrmEntity } from './refunds/refund.orm-entity.js';
import { SettingsOrmEntity } from './settings/settings.orm-entity.js';
import {
  BookingMoneyOrmEntity,
  BookingStatusCountOrmEntity,
  EventMoneyOrmEntity,
  RefundHourOrmEntity,
  SalesHourOrmEntity,
  SalesTypeHourOrmEntity,
  TicketTypeMoneyOrmEntity,
} from './stats/money-counters.orm-entity.js';
import { RefreshTokenOrmEntity } from './users/refresh-token.orm-entity.js';
import { UserOrmEntity } from './users/user.orm-entity.js';

/** Every ORM entity; the schema they describe must equal what the migrations build (drift check). */
export const ORM_ENTITIES = [
  UserOrmEntity,
  RefreshTokenOrmEntity,
  AuditLogOrmEntity,
  EventOrmEntity,
  TicketTypeOrmEntity,
  BookingOrmEntity,
  BookingItemOrmEntity,
  BuyerSeatsOrmEntity,
  IdempotencyKeyOrmEntity,
  OutboxMessageOrmEntity,
  TicketOrmEntity,
  ScannerDeviceOrmEntity,
  CheckInOrmEntity,
  PaymentOrmEntity,
  PaymentWebhookEventOrmEntity,
  RefundOrmEntity,
  TransferOrmEntity,
  SettingsOrmEntity,
  BookingMoneyOrmEntity,
  TicketTypeMoneyOrmEntity,
  EventMoneyOrmEntity,
  SalesHourOrmEntity,
  SalesTypeHourOrmEntity,
  RefundHourOrmEntity,
  BookingStatusCountOrmEntity,
];
