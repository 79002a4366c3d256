// Booking races, check-in and the gate, in one jest file (see README, Tests).
import '../e2e/bookings-races.e2e-spec.js';
import '../e2e/check-ins.e2e-spec.js';
import '../e2e/check-ins-races.e2e-spec.js';
import '../e2e/gate.e2e-spec.js';
import '../e2e/gate-races.e2e-spec.js';
