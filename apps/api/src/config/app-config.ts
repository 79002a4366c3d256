import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PAYSTACK_DEFAULT_BASE_URL } from '@app/infrastructure';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  getMetadataStorage,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@app/users';
import { parsePreviousPublicKeys, parseTicketSigningKey } from './ticket-signing-keys.js';

/** A number from the environment (unset or empty: the default); `@IsInt()` or `@IsNumber()` then says which kind. */
const toNumber = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase())
        ? false
        : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * The service's configuration: every environment variable, validated once at start; the process
 * refuses to start on a bad value and names each one. `.env.example` documents them all.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  /** TCP port to listen on (0: any free port). */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** Address to listen on. */
  @IsString()
  HOST = '0.0.0.0';

  /** PostgreSQL connection URL; unset means the embedded database under DATA_DIR. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * Where the user cache's one listening connection (`LISTEN user_changes`) goes; default
   * DATABASE_URL. LISTEN needs a session of its own: behind a transaction-pooling PgBouncer, point
   * this at PostgreSQL directly.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_LISTEN_URL must be a postgres:// URL' })
  DATABASE_LISTEN_URL?: string;

  /** Connections in this process's pool, per PostgreSQL server (the embedded database uses one). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_SIZE = 10;

  /** Lock wait limit of every transaction, in ms (PostgreSQL `lock_timeout`); past it the request answers 503 busy. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_LOCK_TIMEOUT_MS = 3000;

  /** Longest wait for a free pooled connection, in ms; past it the request answers 503 database_unavailable. */
  @Transform(toNumber)
  @IsInt()
  @Min(50)
  @Max(60_000)
  DATABASE_POOL_WAIT_MS = 5000;

  /**
   * Users kept in this process's access-token cache (invalidated through PostgreSQL LISTEN/NOTIFY,
   * so a disabled user or a changed password is refused at once on every replica); 0 turns it off.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  USER_CACHE_MAX_ENTRIES = 10_000;

  /** Longest a cached user is trusted, in seconds (a backstop: the change notification is the rule). */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3600)
  USER_CACHE_TTL_SECONDS = 60;

  /**
   * Longest a request that changed a user (disable, password, roles...) waits, in ms, for every
   * replica's user cache to acknowledge it dropped that user, before answering anyway.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10_000)
  USER_CACHE_PROPAGATION_WAIT_MS = 500;

  /** Where the embedded database, generated keys, uploads and mail files live. */
  @IsString()
  DATA_DIR = './var';

  /** Redis URL (`redis://host:6379`); when set, rate limits are shared by every replica through it. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of this service's Redis keys (several services or test runs can share one Redis). */
  @IsString()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/)
  REDIS_KEY_PREFIX = 'ticketing';

  /** Folder of the embedded database (default DATA_DIR/pgdata); `memory://` for a throw-away one. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMBEDDED_DATABASE_DIR?: string;

  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** HMAC key of access tokens, at least 32 bytes. Required in production and with DATABASE_URL. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 bytes' })
  JWT_SECRET?: string;

  /** Access-token lifetime in seconds. */
  @Transform(toNumber)
  @IsInt()
  @Min(30)
  @Max(86_400)
  JWT_ACCESS_TTL = 900;

  /** Refresh-token lifetime in seconds. */
  @Transform(toNumber)
  @IsInt()
  @Min(300)
  JWT_REFRESH_TTL = 2_592_000;

  /** How long an e-mail verification token works, in hours (fractions allowed). */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.0001)
  @Max(720)
  EMAIL_VERIFICATION_HOURS = 48;

  /** The front end's e-mail verification page; verification e-mails link to it with `?token=…`. Unset, they carry the token. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'EMAIL_VERIFICATION_URL must be an http(s) URL' })
  EMAIL_VERIFICATION_URL?: string;

  /** Comma-separated allowed origins, `*` for any; empty disables CORS. */
  @IsString()
  CORS_ORIGINS = '';

  /** Largest JSON body accepted (`100kb`, `1mb`). */
  @Matches(/^\d+(b|kb|mb)$/i)
  BODY_LIMIT = '1mb';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Milliseconds between SIGTERM (readiness turns 503) and closing the listener, for a load balancer to notice. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(120_000)
  SHUTDOWN_DELAY_MS = 0;

  /** Seconds a graceful shutdown may take before open connections are cut and the process exits 1. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_TIMEOUT_SECONDS = 30;

  /** Express `trust proxy`: `false`, `true`, a hop count, or a list of addresses/subnets. */
  @IsString()
  TRUST_PROXY = 'false';

  @Transform(toBool)
  @IsBoolean()
  RATE_LIMIT_ENABLED = true;

  /** Length of the rate-limit window, in seconds. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_WINDOW = 60;

  /** Requests per window per IP for routes without a stricter limit. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_DEFAULT = 600;

  /** `POST /auth/login` requests per window (RATE_LIMIT_WINDOW) per IP. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOGIN = 5;

  /** `POST /auth/register` requests per window (RATE_LIMIT_WINDOW) per IP. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_REGISTER = 10;

  /** `GET /tickets/lookup` requests per window per IP: low, so codes cannot be enumerated. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_LOOKUP = 10;

  /** `GET /events/{id}/payment-qr` (public image) requests per window per IP. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  RATE_LIMIT_PAYMENT_QR = 30;

  /** First admin, created at start when no admin exists (both or neither). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  ADMIN_EMAIL?: string;

  /** Password of that first admin, 8 to 128 characters (the registration rule); required with ADMIN_EMAIL. */
  @Transform(emptyToUndefined)
  @ValidateIf((c: AppConfig) => c.ADMIN_EMAIL !== undefined)
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `ADMIN_PASSWORD must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `ADMIN_PASSWORD must be at most ${PASSWORD_MAX_LENGTH} characters` })
  ADMIN_PASSWORD?: string;

  /** Display name of that first admin, at most 200 characters. */
  @IsString()
  @MaxLength(200)
  ADMIN_NAME = 'Administrator';

  /** When set, `GET /metrics` requires `Authorization: Bearer <METRICS_TOKEN>`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16)
  METRICS_TOKEN?: string;

  /** How long an unpaid booking holds its seats, in minutes (fractions allowed). */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.01)
  @Max(1440)
  BOOKING_HOLD_MINUTES = 15;

  /** How long a ticket transfer offer stays open, in hours (fractions allowed); never past the event's end. */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.0001)
  @Max(8760)
  TRANSFER_EXPIRY_HOURS = 72;

  /** The front end's page for an offered ticket; `transfer-offered` e-mails link to it with `?transferId=…`. Unset, no link. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'TRANSFER_ACCEPT_URL must be an http(s) URL' })
  TRANSFER_ACCEPT_URL?: string;

  /** Transfer offers one sender may make per hour. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(10_000)
  TRANSFER_OFFERS_PER_SENDER_PER_HOUR = 10;

  /** Transfer offers one e-mail address may receive per day, from anyone. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(10_000)
  TRANSFER_OFFERS_PER_RECIPIENT_PER_DAY = 5;

  /** Minutes a sender waits, after cancelling an offer, before offering to that address again. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10_080)
  TRANSFER_CANCEL_COOLDOWN_MINUTES = 10;

  /**
   * Seconds after which an Idempotency-Key claim whose request never finished (its process died)
   * counts as abandoned, so a retry with the key runs the request again.
   */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3600)
  IDEMPOTENCY_LEASE_SECONDS = 60;

  /**
   * Run the periodic jobs in this process (see JobScheduler): `expire-holds`, `expire-transfers`,
   * `complete-events`, `send-refunds`, `reconcile-refunds`, `event-cancellations` and `purge-idempotency-keys`.
   */
  @Transform(toBool)
  @IsBoolean()
  JOBS_ENABLED = true;

  /** Seconds between runs of each periodic job (fractions allowed), except `reconcile-refunds` (every minute) and `purge-idempotency-keys` (hourly). */
  @Transform(toNumber)
  @IsNumber()
  @Min(0.1)
  @Max(3600)
  JOBS_INTERVAL_SECONDS = 5;

  /**
   * Paystack secret key (`sk_live_…` / `sk_test_…`), also the webhook signing key; unset, Paystack
   * is disabled: starting a Paystack payment answers `422 payment_provider_disabled`.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(8)
  PAYSTACK_SECRET_KEY?: string;

  /** Paystack API base URL (another one for a sandbox proxy or the tests' fake). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'PAYSTACK_BASE_URL must be an http(s) URL' })
  PAYSTACK_BASE_URL = PAYSTACK_DEFAULT_BASE_URL;

  /** Timeout of one Paystack request attempt, in milliseconds (the request is aborted). */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(60_000)
  PAYSTACK_TIMEOUT_MS = 5000;

  /** Seconds the Paystack circuit breaker stays open (answering 503 at once) before a trial call. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(3600)
  PAYSTACK_BREAKER_HALF_OPEN_SECONDS = 30;

  /** Where Paystack sends the buyer after paying (`callback_url`); unset, Paystack's dashboard setting applies. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'PAYMENT_CALLBACK_URL must be an http(s) URL' })
  PAYMENT_CALLBACK_URL?: string;

  /** `cloudinary://<api_key>:<api_secret>@<cloud_name>`: files on Cloudinary (private assets); unset, on the local disk. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^cloudinary:\/\/[^:@/\s]+:[^@/\s]+@[^/?\s]+(\?\S*)?$/, {
    message: 'CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>',
  })
  CLOUDINARY_URL?: string;

  /**
   * Ed25519 private key that signs ticket QR payloads: PKCS#8 PEM or base64 PKCS#8 DER. Required in
   * production and with DATABASE_URL (every replica must share it); generated into DATA_DIR otherwise.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TICKET_SIGNING_KEY?: string;

  /** Comma-separated Ed25519 public keys of retired signing keys whose payloads still verify (rotation). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TICKET_PREVIOUS_PUBLIC_KEYS?: string;

  /** Minutes before an event's start when scanning opens (it closes at the event's end). */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10_080)
  CHECKIN_OPENS_BEFORE_MINUTES = 240;

  /**
   * Prefix of the `type` URI of problem+json errors; the error code is appended. The default is a
   * relative reference to the pages this API serves (`GET /api/v1/problems/{code}`), resolved
   * against the API's own origin; set an absolute URL to point at public documentation instead.
   */
  @IsString()
  ERROR_TYPE_BASE_URL = '/api/v1/problems/';

  /**
   * SMTP server for outgoing e-mail: `smtp://user:pass@host:587` (STARTTLS when offered) or
   * `smtps://user:pass@host:465`. Empty: messages are written as `.eml` files under DATA_DIR/mail.
   */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^/?#]+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  /**
   * How e-mail leaves: `smtp` (SMTP_URL, or `.eml` files without it) or `brevo` (Brevo's HTTP API
   * with BREVO_API_KEY, falling back to SMTP_URL when Brevo does not take a message).
   */
  @IsIn(['smtp', 'brevo'])
  MAIL_TRANSPORT: 'smtp' | 'brevo' = 'smtp';

  /** Brevo API key (MAIL_TRANSPORT=brevo). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  BREVO_API_KEY?: string;

  /** Brevo API base URL. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true }, { message: 'BREVO_API_URL must be an http(s) URL' })
  BREVO_API_URL = 'https://api.brevo.com/v3';

  /** Milliseconds to wait for Brevo's answer; after it the outcome is unknown and the message is retried through Brevo only. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(120_000)
  BREVO_TIMEOUT_MS = 15_000;

  /** The From of every e-mail (RFC 5322 mailbox): `Ticketing <no-reply@example.com>`. */
  @IsString()
  @MaxLength(320)
  @Matches(/^[^@\s<>]+@[^@\s<>]+$|^[^<>]*<[^@\s<>]+@[^@\s<>]+>$/, { message: 'MAIL_FROM must be an address or "Name <address>"' })
  MAIL_FROM = 'Ticketing <no-reply@localhost>';

  /** Poll the outbox and send due e-mail in this process (turn off in processes that must not send). */
  @Transform(toBool)
  @IsBoolean()
  MAIL_WORKER_ENABLED = true;

  /** Milliseconds between two polls of the outbox. */
  @Transform(toNumber)
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  MAIL_POLL_INTERVAL_MS = 1000;

  /**
   * Seconds (fractions allowed) of the first retry's backoff: a failed e-mail is retried after half
   * to all of it (jitter), each later retry waits twice as long, at most 15 minutes; 0 retries at once.
   */
  @Transform(toNumber)
  @IsNumber()
  @Min(0)
  @Max(900)
  MAIL_RETRY_BASE_SECONDS = 5;

  /** Delivery attempts after which an e-mail is marked `failed`. */
  @Transform(toNumber)
  @IsInt()
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS = 8;

  /** Resolved folder of the embedded database. */
  get embeddedDatabaseDir(): string {
    return this.EMBEDDED_DATABASE_DIR ?? join(resolve(this.DATA_DIR), 'pgdata');
  }

  /** Folder of the `.eml` files written when SMTP_URL is empty. */
  get mailDir(): string {
    return join(resolve(this.DATA_DIR), 'mail');
  }

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get corsOrigins(): string[] | '*' | false {
    const raw = this.CORS_ORIGINS.trim();
    if (!raw) return false;
    if (raw === '*') return '*';
    return raw
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean);
  }

  get trustProxy(): boolean | number | string {
    const raw = this.TRUST_PROXY.trim();
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return /^\d+$/.test(raw) ? Number(raw) : raw;
  }
}

/** Thrown at start when the environment is invalid; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Validates `env` into an {@link AppConfig}.
 * @throws ConfigError naming every invalid variable.
 */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const names = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(AppConfig, '', true, false)
      .map((m) => m.propertyName),
  );
  // An empty variable (`DATABASE_POOL_SIZE=` in a compose file or .env) means "not set": the default.
  const known = Object.fromEntries(Object.entries(env).filter(([k, v]) => v !== undefined && v !== '' && names.has(k)));
  const config = plainToInstance(AppConfig, known, { exposeDefaultValues: true });
  const problems = validateSync(config, { whitelist: false }).flatMap((e) => {
    const message = firstProblem(e.constraints ?? {});
    return message ? [`${e.property}: ${message}`] : [];
  });
  if (config.ADMIN_PASSWORD && !config.ADMIN_EMAIL) problems.push('ADMIN_EMAIL: required when ADMIN_PASSWORD is set');
  if (!config.JWT_SECRET && (config.isProduction || config.DATABASE_URL)) {
    problems.push('JWT_SECRET: required when NODE_ENV=production or DATABASE_URL is set (every replica must share it)');
  }
  if (config.isProduction && config.PAYSTACK_BASE_URL.startsWith('http:')) {
    problems.push('PAYSTACK_BASE_URL: must be https in production (the secret key travels with every request)');
  }
  if (config.MAIL_TRANSPORT === 'brevo' && !config.BREVO_API_KEY) problems.push('BREVO_API_KEY: required when MAIL_TRANSPORT=brevo');
  if (config.isProduction && config.MAIL_TRANSPORT === 'brevo' && config.BREVO_API_URL.startsWith('http:')) {
    problems.push('BREVO_API_URL: must be https in production (the API key travels with every request)');
  }
  if (!config.TICKET_SIGNING_KEY && (config.isProduction || config.DATABASE_URL)) {
    problems.push('TICKET_SIGNING_KEY: required when NODE_ENV=production or DATABASE_URL is set (every replica must share it)');
  }
  if (config.TICKET_SIGNING_KEY) {
    try {
      parseTicketSigningKey(config.TICKET_SIGNING_KEY);
    } catch (error) {
      problems.push(`TICKET_SIGNING_KEY: must be an Ed25519 private key (PKCS#8 PEM or base64 DER): ${(error as Error).message}`);
    }
  }
  try {
    parsePreviousPublicKeys(config.TICKET_PREVIOUS_PUBLIC_KEYS);
  } catch (error) {
    problems.push(`TICKET_PREVIOUS_PUBLIC_KEYS: ${(error as Error).message}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Constraints that say what kind of value a variable takes: reported before range or length checks. */
const KIND_CONSTRAINTS = ['isInt', 'isNumber', 'isBoolean', 'isString', 'isIn', 'isEmail', 'isUrl', 'matches'];

/** One message per bad variable: "must be an integer" rather than that plus two range messages for `ten`. */
function firstProblem(constraints: Record<string, string>): string | undefined {
  const kind = KIND_CONSTRAINTS.find((name) => name in constraints);
  return kind ? constraints[kind] : Object.values(constraints)[0];
}

/** Random bytes of a generated secret (384 bits, 64 base64url characters). */
const GENERATED_SECRET_BYTES = 48;

/**
 * A secret from configuration, or (embedded default only) one generated once and kept in
 * `DATA_DIR/<file>` with mode 0600, so a restart keeps sessions valid.
 */
export function resolveSecret(config: AppConfig, value: string | undefined, file: string): string {
  if (value) return value;
  const dir = resolve(config.DATA_DIR);
  const path = join(dir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const secret = randomBytes(GENERATED_SECRET_BYTES).toString('base64url');
  writeFileSync(path, secret, { mode: 0o600, flag: 'wx' });
  return secret;
}
