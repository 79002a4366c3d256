import { Module } from '@nestjs/common';
import { UsersModule } from '@app/users';
import { BookingLifecycle } from './booking-lifecycle.js';
import { BookingsService } from './bookings.service.js';
import { ConfirmBookingUseCase } from './confirm-booking.use-case.js';
import { CreateBookingUseCase } from './create-booking.use-case.js';

/**
 * Bookings. Needs BookingRepository, EventRepository, TransactionRunner, AuditLog and
 * BookingSettings from the application.
 */
@Module({
  imports: [UsersModule],
  providers: [BookingLifecycle, BookingsService, CreateBookingUseCase, ConfirmBookingUseCase],
  exports: [BookingLifecycle, BookingsService, CreateBookingUseCase, ConfirmBookingUseCase],
})
export class BookingsModule {}
