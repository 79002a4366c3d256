import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { Actor, DomainError, ForbiddenError, hasRole, Role } from '@app/shared';
import { ScannerDevicesService } from '@app/tickets';
import { InvalidAccessTokenError } from '@app/users';
import type { Request } from 'express';
import { AUTH_MODE_KEY, AuthMode, DEVICE_ALLOWED_KEY, ROLES_KEY } from './authorization.js';

/**
 * The global guard: secure by default. Every route needs a valid access token unless it is
 * `@Public()` or `@OptionalAuth()`; `@Authorized(...roles)` adds the role check (403 `forbidden`).
 * Token problems answer 401 with `unauthorized` (none sent), `token_expired` or `invalid_token`.
 * A scanner device token (`sdt_…`) is checked against the database on every request (401
 * `device_revoked` once revoked or ended) and then allowed only on `@DeviceAllowed()` routes (403).
 */
@Injectable()
export class AccessGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly devices: ScannerDevicesService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const mode = this.reflector.getAllAndOverride<AuthMode | undefined>(AUTH_MODE_KEY, targets);
    if (mode === 'public') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (mode === 'optional' && !req.headers.authorization) return true;
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && this.devices.isDeviceToken(bearer)) {
      const device = await this.devices.authenticate(bearer);
      if (!this.reflector.getAllAndOverride<boolean | undefined>(DEVICE_ALLOWED_KEY, targets)) throw new ForbiddenError();
      req.user = { userId: '', email: '', name: device.name, roles: [], device } satisfies Actor;
      return true;
    }
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (mode !== 'optional' && roles?.length && !hasRole(req.user as Actor, ...roles)) throw new ForbiddenError();
    return true;
  }

  override handleRequest<T = Actor>(error: unknown, user: T | false, info: unknown): T {
    // Errors from validate() are ours (invalid_token) or infrastructure failures (a 500, not a 401).
    if (error) throw error;
    if (user) return user;
    const reason = info instanceof Error ? info : undefined;
    if (reason?.name === 'TokenExpiredError') throw new DomainError('token_expired', 'unauthorized', 'The access token has expired; refresh it.');
    if (!reason || /No auth token/i.test(reason.message)) {
      throw new DomainError('unauthorized', 'unauthorized', 'Sign in first: send Authorization: Bearer <access token>.');
    }
    throw new InvalidAccessTokenError();
  }
}
