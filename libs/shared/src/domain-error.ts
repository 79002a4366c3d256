/**
 * What kind of failure a {@link DomainError} is. The HTTP layer maps each kind to one status
 * (invalid 400, unauthorized 401, forbidden 403, not_found 404, conflict 409, too_large 413,
 * unprocessable 422, rate_limited 429, unavailable 503), so domain code never speaks HTTP.
 */
export type DomainErrorKind =
  'invalid' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'unprocessable' | 'rate_limited' | 'unavailable';

/** One bad input field: `field` is a path such as `items[0].quantity`. */
export interface FieldError {
  field: string;
  message: string;
}

export interface DomainErrorOptions {
  /** Extra members for the problem document, e.g. `{ available: 3 }` for `sold_out`. */
  extra?: Record<string, unknown>;
  /** Per-field errors (validation). */
  errors?: FieldError[];
  /** Seconds after which a retry may succeed; becomes the `Retry-After` header. */
  retryAfterSeconds?: number;
}

/**
 * Base class of every expected failure. `code` is a stable snake_case machine code that clients
 * may switch on (`sold_out`, `email_taken`); `message` is a human sentence (the problem `detail`).
 * Unexpected failures are plain `Error`s and leave the server as a generic 500.
 */
export class DomainError extends Error {
  readonly extra?: Record<string, unknown>;
  readonly errors?: FieldError[];
  readonly retryAfterSeconds?: number;

  constructor(
    readonly code: string,
    readonly kind: DomainErrorKind,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.extra = options.extra;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Input that breaks a rule; `errors` lists every bad field. */
export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], message = 'The request has invalid fields.') {
    super('validation_failed', 'invalid', message, { errors });
  }
}

/** A resource that does not exist, or that the caller may not know exists. */
export class NotFoundError extends DomainError {
  constructor(entity: string, code = `${entity.replace(/[^a-z]+/gi, '_').toLowerCase()}_not_found`) {
    super(code, 'not_found', `${entity} not found.`);
  }
}

/** The signed-in actor lacks the role for the action. */
export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super('forbidden', 'forbidden', message);
  }
}

/** The database could not take the lock in time; the request can be retried. */
export class BusyError extends DomainError {
  constructor(retryAfterSeconds = 1) {
    super('busy', 'unavailable', 'The service is busy; retry shortly.', { retryAfterSeconds });
  }
}
