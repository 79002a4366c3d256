import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { CheckInService } from './check-in.service.js';
import { IssueTicketsUseCase } from './issue-tickets.use-case.js';
import { ResendTicketsUseCase } from './resend-tickets.use-case.js';
import { ScannerDevicesService } from './scanner-devices.service.js';
import { TicketsService } from './tickets.service.js';

/**
 * Tickets and check-in. Registers ticket issuance as a booking-confirmation listener at start.
 * Needs TicketRepository, CheckInRepository, ScannerDeviceRepository, TicketSigner, CheckInSettings, EventRepository,
 * UserRepository, BookingTimelineReader, TransactionRunner and AuditLog from the application.
 */
@Module({
  imports: [BookingsModule],
  providers: [TicketsService, IssueTicketsUseCase, ResendTicketsUseCase, CheckInService, ScannerDevicesService],
  exports: [TicketsService, IssueTicketsUseCase, ResendTicketsUseCase, CheckInService, ScannerDevicesService],
})
export class TicketsModule {}
