// Events, attendees, statistics, settings and the e-mail log, in one jest file (see README, Tests).
import '../e2e/events.e2e-spec.js';
import '../e2e/event-cancellation.e2e-spec.js';
import '../e2e/attendees.e2e-spec.js';
import '../e2e/stats.e2e-spec.js';
import '../e2e/settings.e2e-spec.js';
import '../e2e/messages.e2e-spec.js';
import '../e2e/round-trips.e2e-spec.js';
