import { Module } from '@nestjs/common';
import { BookingsModule } from '@app/bookings';
import { EventsModule } from '@app/events';
import { UsersModule } from '@app/users';
import { CheckInService } from './check-in.service.js';
import { IssueTicketsUseCase } from './issue-tickets.use-case.js';
import { ResendTicketsUseCase } from './resend-tickets.use-case.js';
import { ScannerDevicesService } from './scanner-devices.service.js';
import { TicketsService } from './tickets.service.js';

/**
 * Tickets and check-in. Registers ticket issuance as a booking-confirmation listener at start.
 * Check-in stays in this lib ({@link CheckInService}): admitting a ticket changes only the ticket
 * and its scan records, both this lib's. Bookings, events and users are reached through their
 * libs' services. Needs TicketRepository, CheckInRepository, ScannerDeviceRepository, TicketSigner,
 * CheckInSettings, TransactionRunner and AuditLog from the application.
 */
@Module({
  imports: [BookingsModule, EventsModule, UsersModule],
  providers: [TicketsService, IssueTicketsUseCase, ResendTicketsUseCase, CheckInService, ScannerDevicesService],
  exports: [TicketsService, IssueTicketsUseCase, ResendTicketsUseCase, CheckInService, ScannerDevicesService],
})
export class TicketsModule {}
