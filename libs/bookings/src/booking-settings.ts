/** Booking settings from the application's configuration. */
export abstract class BookingSettings {
  /** How long an unpaid booking holds its seats, in seconds (default 900). */
  abstract readonly holdSeconds: number;
}
