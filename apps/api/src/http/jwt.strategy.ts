import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Actor } from '@app/shared';
import { AccessTokenClaims, AuthService, InvalidAccessTokenError } from '@app/users';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { JwtKeys, TOKEN_AUDIENCE, TOKEN_ISSUER } from './jwt-keys.js';

/**
 * Verifies bearer access tokens: HS256 only (so `alg: none` and algorithm swaps are refused),
 * our issuer and audience, with an `exp` claim that has not passed (jsonwebtoken only checks `exp`
 * when present, so a token without one is refused here: every token we issue has one); then loads
 * the user afresh (disabled users and tokens older than a password change are refused).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    private readonly auth: AuthService,
    keys: JwtKeys,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // jsonwebtoken takes a KeyObject; the passport-jwt typings only list string | Buffer.
      secretOrKey: keys.key as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims & { exp?: unknown }): Promise<Actor> {
    if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new InvalidAccessTokenError();
    return this.auth.resolveActor(claims);
  }
}
