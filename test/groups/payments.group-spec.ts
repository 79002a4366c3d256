// Payments and refunds, in one jest file (see README, Tests).
import '../e2e/payments-files-wiring.e2e-spec.js';
import '../e2e/payments-late.e2e-spec.js';
import '../e2e/payments-manual.e2e-spec.js';
import '../e2e/payments-paystack.e2e-spec.js';
import '../e2e/refunds.e2e-spec.js';
