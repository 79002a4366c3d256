import { DomainError, NotFoundError } from '@app/shared';

export class EmailTakenError extends DomainError {
  constructor() {
    super('email_taken', 'conflict', 'An account with this e-mail already exists.');
  }
}

/** Same answer for an unknown e-mail and a wrong password, so accounts cannot be probed. */
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('invalid_credentials', 'unauthorized', 'The e-mail or password is wrong.');
  }
}

export class InvalidRefreshTokenError extends DomainError {
  constructor(message = 'The refresh token is invalid, expired or revoked.') {
    super('invalid_refresh_token', 'unauthorized', message);
  }
}

/** A rotated refresh token was presented again: its whole family has been revoked. */
export class RefreshTokenReusedError extends DomainError {
  constructor() {
    super('refresh_token_reused', 'unauthorized', 'This refresh token was already used; all sessions of its family were signed out.');
  }
}

export class InvalidAccessTokenError extends DomainError {
  constructor(message = 'The access token is invalid or no longer accepted.') {
    super('invalid_token', 'unauthorized', message);
  }
}

export class CurrentPasswordIncorrectError extends DomainError {
  constructor() {
    super('current_password_incorrect', 'invalid', 'The current password is wrong.', {
      errors: [{ field: 'currentPassword', message: 'currentPassword is incorrect' }],
    });
  }
}

/** The change would leave no enabled admin. */
export class LastAdminError extends DomainError {
  constructor() {
    super('last_admin', 'conflict', 'At least one enabled admin must remain.');
  }
}

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('User', 'user_not_found');
  }
}
