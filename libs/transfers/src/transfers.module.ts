import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { EventsModule } from '@app/events';
import { TicketsModule } from '@app/tickets';
import { UsersModule } from '@app/users';
import { AcceptTransferUseCase } from './accept-transfer.use-case.js';
import { OfferTransferUseCase } from './offer-transfer.use-case.js';
import { TransfersService } from './transfers.service.js';

/**
 * Ticket transfers between users; tickets, bookings, events and users are reached through their
 * libs' services. Needs TransferRepository, EmailOutbox, TransactionRunner, AuditLog and
 * TransferSettings from the application.
 */
@Module({
  imports: [BookingsModule, EventsModule, TicketsModule, UsersModule],
  providers: [TransfersService, OfferTransferUseCase, AcceptTransferUseCase],
  exports: [TransfersService, OfferTransferUseCase, AcceptTransferUseCase],
})
export class TransfersModule {}
