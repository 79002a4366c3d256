import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Actor, Role } from '@app/shared';
import { ApiProblems } from './openapi.decorators.js';

export const ROLES_KEY = 'auth:roles';
export const AUTH_MODE_KEY = 'auth:mode';
export const DEVICE_ALLOWED_KEY = 'auth:device';

/** `public`: no authentication at all; `optional`: anonymous allowed, a valid token identifies the caller. */
export type AuthMode = 'public' | 'optional';

/**
 * Requires a signed-in user with one of `roles` (any signed-in user when none are given).
 * Sets the metadata that the global AccessGuard enforces and the OpenAPI security and 401/403
 * responses. Object-level rules (is this booking yours?) stay in the services.
 */
export function Authorized(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', roles.length ? roles : ['any signed-in user']),
    roles.length ? ApiProblems(401, 403) : ApiProblems(401),
  );
}

/** OpenAPI extension read (and removed) by the document builder to set the operation's `security`. */
export const AUTH_MODE_EXTENSION = 'x-auth-mode';

/**
 * A route anyone may call without a token (health, login, webhooks); documented with `security: []`
 * unless the route declares a scheme of its own (`/metrics`).
 */
export const Public = () => applyDecorators(SetMetadata(AUTH_MODE_KEY, 'public' satisfies AuthMode), ApiExtension(AUTH_MODE_EXTENSION, 'public'));

/**
 * A route anyone may call; with a valid bearer token the caller is identified (staff may then see
 * more), with an invalid one the request is refused (401). Documented as `security: [{}, {bearer: []}]`.
 */
export function OptionalAuth() {
  return applyDecorators(
    SetMetadata(AUTH_MODE_KEY, 'optional' satisfies AuthMode),
    ApiBearerAuth('bearer'),
    ApiExtension('x-roles', ['public']),
    ApiExtension(AUTH_MODE_EXTENSION, 'optional'),
    ApiProblems({ 401: 'An expired or invalid token was sent (`token_expired`, `invalid_token`); send none to call anonymously.' }),
  );
}

/** The signed-in actor (undefined on anonymous calls to optional-auth routes). */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
});

/**
 * A route a scanner device token (`sdt_…`) may call besides the roles of `@Authorized` (the
 * check-in routes of its own event; the service answers 404 for another event). Device tokens
 * on any other route are refused with 403. Documented as the `x-device-token: true` extension.
 */
export function DeviceAllowed() {
  return applyDecorators(
    SetMetadata(DEVICE_ALLOWED_KEY, true),
    ApiExtension('x-device-token', true),
    ApiProblems({ 401: 'Missing, expired or invalid token (`unauthorized`, `token_expired`, `invalid_token`), or a revoked or ended device token (`device_revoked`).' }),
  );
}
