import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { EventsModule } from '@app/events';
import { PaymentsModule } from '@app/payments';
import { TicketsModule } from '@app/tickets';
import { UsersModule } from '@app/users';
import { AutomaticRefunds } from './automatic-refunds.js';
import { CancelBookingUseCase } from './cancel-booking.use-case.js';
import { ProcessRefundUseCase } from './process-refund.use-case.js';
import { RefundNotifier } from './refund-notifier.js';
import { RefundQueue } from './refund-queue.js';
import { RefundsService } from './refunds.service.js';
import { RequestRefundUseCase } from './request-refund.use-case.js';

/**
 * Refunds, and the cancellation of a paid booking. Changes only refunds itself: bookings, tickets,
 * payments, events and users are reached through their libs' services. Needs RefundRepository,
 * PaymentGateways, EmailOutbox, TransactionRunner and AuditLog from the application.
 */
@Module({
  imports: [BookingsModule, EventsModule, PaymentsModule, TicketsModule, UsersModule],
  providers: [RefundNotifier, RefundQueue, RefundsService, RequestRefundUseCase, ProcessRefundUseCase, AutomaticRefunds, CancelBookingUseCase],
  exports: [RefundsService, RefundQueue, RequestRefundUseCase, ProcessRefundUseCase, CancelBookingUseCase],
})
export class RefundsModule {}
