// Accounts, sessions, the HTTP conventions and the OpenAPI document, in one jest file (see README, Tests).
import '../e2e/auth.e2e-spec.js';
import '../e2e/auth-cookie-session.e2e-spec.js';
import '../e2e/users.e2e-spec.js';
import '../e2e/users-last-admin.e2e-spec.js';
import '../e2e/http-conventions.e2e-spec.js';
import '../e2e/openapi.e2e-spec.js';
import '../e2e/redis-rate-limit.e2e-spec.js';
