/** Settings of the auth flows, provided by the application's configuration. */
export abstract class AuthSettings {
  /** Access-token lifetime in seconds (default 900). */
  abstract readonly accessTokenTtlSeconds: number;
  /** Refresh-token lifetime in seconds (default 30 days). */
  abstract readonly refreshTokenTtlSeconds: number;
  /** Lifetime of an e-mail verification token in seconds (default 48 hours). */
  abstract readonly emailVerificationTtlSeconds: number;
  /**
   * The front end's page that verifies an e-mail (it posts the token to `/auth/verify-email`):
   * verification e-mails link to it with `?token=…`. Unset, they carry the token itself.
   */
  abstract readonly emailVerificationUrl?: string;
}
