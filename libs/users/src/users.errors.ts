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

/** The e-mail verification token is malformed, badly signed, expired, or for another e-mail. 400 `invalid_verification_token`. */
export class InvalidVerificationTokenError extends DomainError {
  constructor() {
    super('invalid_verification_token', 'invalid', 'The verification token is invalid or expired: ask for a new one.', {
      errors: [{ field: 'token', message: 'token is invalid or expired' }],
    });
  }
}

/** The password reset token is malformed, badly signed, expired or already used. 400 `invalid_reset_token`. */
export class InvalidResetTokenError extends DomainError {
  constructor() {
    super('invalid_reset_token', 'invalid', 'The reset token is invalid, expired or already used: ask for a new one.', {
      errors: [{ field: 'token', message: 'token is invalid, expired or already used' }],
    });
  }
}

/** The account's e-mail is already verified: nothing to send. 409 `email_already_verified`. */
export class EmailAlreadyVerifiedError extends DomainError {
  constructor() {
    super('email_already_verified', 'conflict', 'This e-mail address is already verified.');
  }
}

/**
 * The action needs an e-mail address the actor has proved they own (accepting a ticket offered to
 * that address). 403 `email_not_verified`.
 */
export class EmailNotVerifiedError extends DomainError {
  constructor(action: string) {
    super('email_not_verified', 'forbidden', `Verify your e-mail address before you ${action}: follow the link we e-mailed you, or ask for a new one.`);
  }
}

/** No user with this id. 404 `user_not_found`. */
export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User', 'user_not_found');
  }
}
