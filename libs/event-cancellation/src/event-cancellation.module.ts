import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { EventsModule } from '@app/events';
import { PaymentsModule } from '@app/payments';
import { RefundsModule } from '@app/refunds';
import { TicketsModule } from '@app/tickets';
import { TransfersModule } from '@app/transfers';
import { UsersModule } from '@app/users';
import { CancelEventUseCase } from './cancel-event.use-case.js';

/**
 * Event cancellation: an orchestration of its own, not part of `libs/events`, because it changes
 * the aggregates of six libs (the event, its transfer offers, bookings and their seat counters,
 * tickets, payments' refund reservations, refunds) and must reach each through its owner's
 * service. In `libs/events` it would import the bookings, tickets, payments, refunds and transfers
 * modules, which themselves import events: a circular module graph. Here it sits on top: it imports
 * them, and nothing but the application imports it. Needs EmailOutbox, TransactionRunner and
 * AuditLog from the application.
 */
@Module({
  imports: [EventsModule, BookingsModule, TicketsModule, PaymentsModule, RefundsModule, TransfersModule, UsersModule],
  providers: [CancelEventUseCase],
  exports: [CancelEventUseCase],
})
export class EventCancellationModule {}
