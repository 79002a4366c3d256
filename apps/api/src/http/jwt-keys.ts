/** The access-token signing key (from JWT_SECRET, or generated under DATA_DIR in the embedded default). */
export class JwtKeys {
  constructor(readonly secret: string) {}
}

export const TOKEN_ISSUER = 'ticketing-api';
export const TOKEN_AUDIENCE = 'ticketing-api';
