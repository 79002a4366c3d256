import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { EventsModule } from '@app/events';
import { UsersModule } from '@app/users';
import { ConfirmPaymentUseCase } from './confirm-payment.use-case.js';
import { PaymentLifecycle } from './payment-lifecycle.js';
import { PaymentsService } from './payments.service.js';
import { ReviewPaymentUseCase } from './review-payment.use-case.js';
import { SellAtBoxOfficeUseCase } from './sell-at-box-office.use-case.js';
import { StartPaymentUseCase } from './start-payment.use-case.js';

/**
 * Payments. Needs PaymentRepository, WebhookInbox, PaymentGateways, FileStorage, EmailOutbox,
 * TransactionRunner and AuditLog from the application.
 */
@Module({
  imports: [BookingsModule, EventsModule, UsersModule],
  providers: [PaymentLifecycle, PaymentsService, StartPaymentUseCase, ConfirmPaymentUseCase, ReviewPaymentUseCase, SellAtBoxOfficeUseCase],
  exports: [PaymentLifecycle, PaymentsService, StartPaymentUseCase, ConfirmPaymentUseCase, ReviewPaymentUseCase, SellAtBoxOfficeUseCase],
})
export class PaymentsModule {}
