// The adapters against their real dependencies, in one jest file (see README, Tests).
import '../integration/attendee-csv.int-spec.js';
import '../integration/embedded-postgres.int-spec.js';
import '../integration/file-storage.int-spec.js';
import '../integration/idempotency-store.int-spec.js';
import '../integration/migrations-lock.int-spec.js';
import '../integration/money-counters.int-spec.js';
import '../integration/paystack-gateway.int-spec.js';
import '../integration/redis-throttler-storage.int-spec.js';
import '../integration/rules-twins.int-spec.js';
import '../integration/tickets-repository.int-spec.js';
