// Tickets and transfers, in one jest file (see README, Tests).
import '../e2e/tickets.e2e-spec.js';
import '../e2e/ticket-lookup.e2e-spec.js';
import '../e2e/transfers.e2e-spec.js';
import '../e2e/transfers-expiry.e2e-spec.js';
import '../e2e/transfers-races.e2e-spec.js';
import '../e2e/transfer-limits.e2e-spec.js';
