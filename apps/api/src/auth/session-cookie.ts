import { DomainError } from '@app/shared';
import { parseCookie } from 'cookie';
import type { CookieOptions, Request, Response } from 'express';

/** Name of the browser-session cookie that carries the refresh token. */
export const SESSION_COOKIE = 'ticketing_refresh';
/** The cookie is sent only to the auth routes, never to the rest of the API. */
export const SESSION_COOKIE_PATH = '/api/v1/auth';

/** A browser asked an auth route to use the session cookie from another site (403 `cross_site_request`). */
export class CrossSiteRequestError extends DomainError {
  constructor() {
    super('cross_site_request', 'forbidden', 'This request comes from another site; the session cookie is only accepted from this origin.');
  }
}

/** The refresh token from the session cookie, or undefined when the request carries none. */
export function sessionCookieToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[SESSION_COOKIE];
  return value ? value : undefined;
}

/**
 * Refuses a cross-site request on a cookie session route (CSRF defence on top of `SameSite=Strict`,
 * which older browsers ignore). Browsers send `Sec-Fetch-Site` (Fetch Metadata) and, on POST,
 * `Origin`: anything but `same-origin`/`none`, or an `Origin` other than this service's own
 * (scheme://host as the request reached it, honouring TRUST_PROXY), is refused. Requests with
 * neither header are not from a browser and pass.
 * @throws CrossSiteRequestError (403 `cross_site_request`)
 */
export function assertSameSite(req: Request): void {
  const site = req.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') throw new CrossSiteRequestError();
  const origin = req.get('origin');
  if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}`) throw new CrossSiteRequestError();
}

/**
 * Cookie attributes: `HttpOnly` (no script reads it), `SameSite=Strict`, `Path=/api/v1/auth`,
 * `Max-Age` the refresh-token lifetime, and `Secure` when the request reached the service over
 * https (directly, or through a proxy trusted by TRUST_PROXY that says so in X-Forwarded-Proto);
 * on plain http (a local run, the tests) the cookie is not marked Secure, or browsers would drop it.
 */
function cookieOptions(req: Request, maxAgeSeconds: number): CookieOptions {
  return { httpOnly: true, sameSite: 'strict', path: SESSION_COOKIE_PATH, secure: req.secure, maxAge: maxAgeSeconds * 1000 };
}

/** Sets the session cookie to a (new) refresh token. */
export function setSessionCookie(req: Request, res: Response, refreshToken: string, maxAgeSeconds: number): void {
  res.cookie(SESSION_COOKIE, refreshToken, cookieOptions(req, maxAgeSeconds));
}

/** Expires the session cookie (logout). */
export function clearSessionCookie(req: Request, res: Response): void {
  const { maxAge: _ignored, ...options } = cookieOptions(req, 0);
  res.clearCookie(SESSION_COOKIE, options);
}
