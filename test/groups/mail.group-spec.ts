// E-mail transports and the outbox, in one jest file (see README, Tests).
import '../e2e/mail-brevo.e2e-spec.js';
import '../e2e/mail-files.e2e-spec.js';
import '../e2e/mail-outbox.e2e-spec.js';
import '../e2e/mail-workers.e2e-spec.js';
