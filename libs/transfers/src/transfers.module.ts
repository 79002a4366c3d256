import { Module } from '@nestjs/common';
import { TicketsModule } from '@app/tickets';
import { AcceptTransferUseCase } from './accept-transfer.use-case.js';
import { OfferTransferUseCase } from './offer-transfer.use-case.js';
import { TransfersService } from './transfers.service.js';

/**
 * Ticket transfers between users. Needs TransferRepository, TicketRepository, BookingRepository,
 * UserRepository, EmailOutbox, TransactionRunner, AuditLog and TransferSettings from the application.
 */
@Module({
  imports: [TicketsModule],
  providers: [TransfersService, OfferTransferUseCase, AcceptTransferUseCase],
  exports: [TransfersService, OfferTransferUseCase, AcceptTransferUseCase],
})
export class TransfersModule {}
