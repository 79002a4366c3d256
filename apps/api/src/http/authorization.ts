import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';
import { Actor, Role } from '@app/shared';
import { ApiProblems } from './openapi.decorators.js';

export const ROLES_KEY = 'auth:roles';
export const AUTH_MODE_KEY = 'auth:mode';

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

/** A route anyone may call without a token (health, login, webhooks). */
export const Public = () => SetMetadata(AUTH_MODE_KEY, 'public' satisfies AuthMode);

/**
 * A route anyone may call; with a valid bearer token the caller is identified (staff may then see
 * more), with an invalid one the request is refused (401).
 */
export function OptionalAuth() {
  return applyDecorators(SetMetadata(AUTH_MODE_KEY, 'optional' satisfies AuthMode), ApiBearerAuth('bearer'), ApiExtension('x-roles', ['public']));
}

/** The signed-in actor (undefined on anonymous calls to optional-auth routes). */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor | undefined => {
  return ctx.switchToHttp().getRequest<{ user?: Actor }>().user;
});
