import { Module } from '@nestjs/common';
import { EventsModule } from '@app/events';
import { UsersModule } from '@app/users';
import { BookingLifecycle } from './booking-lifecycle.js';
import { BookingsService } from './bookings.service.js';
import { ConfirmBookingUseCase } from './confirm-booking.use-case.js';
import { CreateBookingUseCase } from './create-booking.use-case.js';

/**
 * Bookings (events are read through EventsService). Needs BookingRepository, TransactionRunner, AuditLog and
 * BookingSettings from the application.
 */
@Module({
  imports: [EventsModule, UsersModule],
  providers: [BookingLifecycle, BookingsService, CreateBookingUseCase, ConfirmBookingUseCase],
  exports: [BookingLifecycle, BookingsService, CreateBookingUseCase, ConfirmBookingUseCase],
})
export class BookingsModule {}
