import { createSecretKey, KeyObject } from 'node:crypto';

/**
 * The access-token signing key (from JWT_SECRET, or generated under DATA_DIR in the embedded
 * default), as a `KeyObject`: jsonwebtoken, given a string, first tries to parse it as a PEM
 * public key and only falls back to an HMAC key after that throws, which cost about a fifth of
 * the API's CPU per authenticated request.
 */
export class JwtKeys {
  readonly key: KeyObject;

  constructor(secret: string) {
    this.key = createSecretKey(Buffer.from(secret, 'utf8'));
  }
}

export const TOKEN_ISSUER = 'ticketing-api';
export const TOKEN_AUDIENCE = 'ticketing-api';
