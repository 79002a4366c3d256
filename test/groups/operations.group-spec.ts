// How the service runs: its access log, a graceful shutdown, a busy or lost database and a large export, in one jest file (see README, Tests).
import '../e2e/access-log.e2e-spec.js';
import '../e2e/attendees-export.e2e-spec.js';
import '../e2e/database-busy.e2e-spec.js';
import '../e2e/database-down.e2e-spec.js';
import '../e2e/graceful-shutdown.e2e-spec.js';
