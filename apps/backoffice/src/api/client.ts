import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** Body of a 200/201 JSON answer of a route, from the generated OpenAPI types. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer B } } }
    ? B
    : R extends { 201: { content: { 'application/json': infer B } } }
      ? B
      : never
  : never;

export type User = Ok<'/api/v1/auth/me', 'get'>;
export type AuthSession = Ok<'/api/v1/auth/login', 'post'>;

/**
 * The access token lives in this module's memory only (never in storage); the refresh token is in
 * the API's HttpOnly cookie, so a reload signs in again through `POST /auth/refresh`.
 */
let accessToken: string | null = null;
/**
 * Only set against an API without cookie sessions (it refuses `session`): then the refresh token
 * is kept in this module's memory, so a reload signs out. Never written to storage.
 */
let memoryRefreshToken: string | null = null;
let refreshing: Promise<AuthSession | null> | null = null;

export function setAccessToken(token: string | null, refreshToken: string | null = null): void {
  accessToken = token;
  memoryRefreshToken = refreshToken;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** The browser's own fetch, for the auth routes (no bearer, no retry). */
export const publicApi = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

/**
 * Rotates the cookie session once for all callers at the same moment (the API revokes a token
 * family when a rotated refresh token is reused, so two parallel refreshes would sign us out).
 * Resolves null when there is no valid session.
 */
export function refreshSession(): Promise<AuthSession | null> {
  refreshing ??= publicApi
    .POST('/api/v1/auth/refresh', { body: (memoryRefreshToken ? { refreshToken: memoryRefreshToken } : { session: 'cookie' }) as never })
    .then(({ data }) => {
      accessToken = data?.accessToken ?? null;
      if (memoryRefreshToken) memoryRefreshToken = data?.refreshToken ?? null;
      return data ?? null;
    })
    .catch(() => null)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/** fetch with the bearer token; a 401 refreshes the session once and replays the request. */
async function authFetch(input: Request): Promise<Response> {
  const replay = input.clone();
  const send = (request: Request) => {
    if (accessToken) request.headers.set('Authorization', `Bearer ${accessToken}`);
    return fetch(request);
  };
  const response = await send(input);
  if (response.status !== 401) return response;
  const session = await refreshSession();
  return session ? send(replay) : response;
}

/**
 * Signs in with a cookie session (`session: "cookie"`); an API that does not know cookie sessions
 * answers 400 on that field, and then the plain login is used with the refresh token in memory.
 */
export async function signIn(email: string, password: string): Promise<AuthSession> {
  const cookie = await publicApi.POST('/api/v1/auth/login', { body: { email, password, session: 'cookie' } as never });
  const refused = cookie.response.status === 400 && (cookie.error as Problem | undefined)?.errors?.some((e) => e.field === 'session');
  const result = refused ? await publicApi.POST('/api/v1/auth/login', { body: { email, password } }) : cookie;
  if (!result.data) throw new Error(problemMessage(result.error, 'Sign-in failed'));
  setAccessToken(result.data.accessToken, refused ? result.data.refreshToken : null);
  return result.data;
}

/** Revokes this session (the cookie's or the in-memory refresh token) and forgets the tokens. */
export async function signOut(): Promise<void> {
  if (accessToken) {
    const body = memoryRefreshToken ? { refreshToken: memoryRefreshToken } : { session: 'cookie' };
    await api.POST('/api/v1/auth/logout', { body: body as never }).catch(() => undefined);
  }
  setAccessToken(null);
}

/** The typed client every screen and the dataProvider use. */
export const api = createClient<paths>({ baseUrl: window.location.origin, fetch: authFetch });

/** A problem+json body (RFC 9457) as the API writes it. */
export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
  errors?: { field: string; message: string }[];
}

/** Human text of an API error. */
export function problemMessage(error: unknown, fallback = 'Request failed'): string {
  const p = error as Problem | undefined;
  return p?.detail || p?.title || fallback;
}
