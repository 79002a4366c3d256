import { DomainError, NotFoundError } from '@app/shared';

/** An account with this e-mail (normalised) already exists. 409 `email_taken`. */
export class EmailTakenError extends DomainError {
  constructor() {
    super('email_taken', 'conflict', 'An account with this e-mail already exists.');
  }
}

/**
 * Sign-in refused: unknown e-mail, wrong password or disabled account, all with the same answer so
 * accounts cannot be probed. 401 `invalid_credentials`.
 */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials', 'unauthorized', 'The e-mail or password is wrong.');
  }
}

/** The refresh token is unknown, expired or revoked, or its user is disabled. 401 `invalid_refresh_token`. */
export class InvalidRefreshTokenError extends DomainError {
  constructor(message = 'The refresh token is invalid, expired or revoked.') {
    super('invalid_refresh_token', 'unauthorized', message);
  }
}

/** A rotated refresh token was presented again: its whole family has been revoked (and audited). 401 `refresh_token_reused`. */
export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super('refresh_token_reused', 'unauthorized', 'This refresh token was already used; all sessions of its family were signed out.');
  }
}

/**
 * The access token is malformed, badly signed or expired, or no longer accepted (its user was
 * disabled, changed password or logged out everywhere: a token version check). 401 `invalid_token`.
 */
export class InvalidAccessTokenError extends DomainError {
  constructor(message = 'The access token is invalid or no longer accepted.') {
    super('invalid_token', 'unauthorized', message);
  }
}

/** Changing the password: the current password given is wrong. 400 `current_password_incorrect`, on field `currentPassword`. */
export class CurrentPasswordIncorrectError extends DomainError {
  constructor() {
    super('current_password_incorrect', 'invalid', 'The current password is wrong.', {
      errors: [{ field: 'currentPassword', message: 'currentPassword is incorrect' }],
    });
  }
}

/** The change (removing the admin role, disabling) would leave no enabled admin. 409 `last_admin`. */
export class LastAdminError extends DomainError {
  constructor() {
    super('last_admin', 'conflict', 'At least one enabled admin must remain.');
  }
}

/** No user with this id. 404 `user_not_found`. */
export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User', 'user_not_found');
  }
}
