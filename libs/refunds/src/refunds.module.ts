import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { PaymentsModule } from '@app/payments';
import { TransfersModule } from '@app/transfers';
import { AutomaticRefunds } from './automatic-refunds.js';
import { CancelBookingUseCase } from './cancel-booking.use-case.js';
import { CancelEventUseCase } from './cancel-event.use-case.js';
import { ProcessRefundUseCase } from './process-refund.use-case.js';
import { RefundNotifier } from './refund-notifier.js';
import { RefundQueue } from './refund-queue.js';
import { RefundsService } from './refunds.service.js';
import { RequestRefundUseCase } from './request-refund.use-case.js';

/**
 * Refunds and event cancellation. Needs RefundRepository (and the repositories of bookings,
 * events, payments, tickets, transfers and users), PaymentGateways, EmailOutbox, TransactionRunner and AuditLog.
 */
@Module({
  imports: [BookingsModule, PaymentsModule, TransfersModule],
  providers: [RefundNotifier, RefundQueue, RefundsService, RequestRefundUseCase, ProcessRefundUseCase, AutomaticRefunds, CancelEventUseCase, CancelBookingUseCase],
  exports: [RefundsService, RequestRefundUseCase, ProcessRefundUseCase, CancelEventUseCase, CancelBookingUseCase],
})
export class RefundsModule {}
