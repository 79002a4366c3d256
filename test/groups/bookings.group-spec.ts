// Bookings, holds and the box office, in one jest file (see README, Tests).
import '../e2e/bookings.e2e-spec.js';
import '../e2e/booking-cancellation.e2e-spec.js';
import '../e2e/booking-holds.e2e-spec.js';
import '../e2e/booking-orders.e2e-spec.js';
import '../e2e/booking-sweeper.e2e-spec.js';
import '../e2e/buyer-limit.e2e-spec.js';
import '../e2e/box-office.e2e-spec.js';
