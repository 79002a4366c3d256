/** Settings of the auth flows, provided by the application's configuration. */
export abstract class AuthSettings {
  /** Access-token lifetime in seconds (default 900). */
  abstract readonly accessTokenTtlSeconds: number;
  /** Refresh-token lifetime in seconds (default 30 days). */
  abstract readonly refreshTokenTtlSeconds: number;
}
