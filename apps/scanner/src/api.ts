/**
 * The service's API as the scanner uses it, same origin. A request that fails or takes longer
 * than {@link OFFLINE_AFTER_MS} counts as "offline" (the app then decides and queues locally);
 * 401 means the device was revoked or the session ended.
 */

/** A request slower than this switches the app to offline mode. */
export const OFFLINE_AFTER_MS = 2000;

/** The network failed or was too slow. */
export class OfflineError extends Error {
  constructor(cause: string) {
    super(`offline: ${cause}`);
    this.name = 'OfflineError';
  }
}

/** The service answered with an error status (problem+json when it has a body). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export type Credentials = { kind: 'device'; token: string } | { kind: 'user' };

/** The bearer in use: a device token, or a user's access token (memory only). */
export class Api {
  private accessToken: string | null = null;
  private refreshing: Promise<boolean> | null = null;

  constructor(private credentials: Credentials | null = null) {}

  setCredentials(credentials: Credentials | null, accessToken: string | null = null): void {
    this.credentials = credentials;
    this.accessToken = accessToken;
  }

  get hasBearer(): boolean {
    return this.credentials?.kind === 'device' || this.accessToken !== null;
  }

  /** JSON request under /api/v1. @throws OfflineError, ApiError */
  async call<T>(method: string, path: string, body?: unknown, timeoutMs = OFFLINE_AFTER_MS): Promise<T> {
    const response = await this.send(method, path, body, timeoutMs);
    if (response.status === 401 && this.credentials?.kind === 'user' && (await this.refresh())) {
      return this.parse<T>(await this.send(method, path, body, timeoutMs));
    }
    return this.parse<T>(response);
  }

  private async send(method: string, path: string, body: unknown, timeoutMs: number): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const bearer = this.credentials?.kind === 'device' ? this.credentials.token : this.accessToken;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    return timedFetch(
      `/api/v1${path}`,
      { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' },
      timeoutMs,
    );
  }

  private async parse<T>(response: Response): Promise<T> {
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (!response.ok) {
      const p = (json ?? {}) as { code?: string; detail?: string; title?: string };
      throw new ApiError(response.status, p.code ?? null, p.detail || p.title || `HTTP ${response.status}`);
    }
    return json as T;
  }

  /** Signs in with a cookie session: the refresh token goes into the API's HttpOnly cookie. */
  async signIn(email: string, password: string): Promise<{ accessToken: string; user: { id: string; email: string; name: string; roles: string[] } }> {
    this.credentials = { kind: 'user' };
    const session = await this.parse<{ accessToken: string; user: { id: string; email: string; name: string; roles: string[] } }>(
      await timedFetch(
        '/api/v1/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ email, password, session: 'cookie' }),
          credentials: 'same-origin',
        },
        10_000,
      ),
    );
    this.accessToken = session.accessToken;
    return session;
  }

  /**
   * A new access token from the cookie session, once for all callers at the same moment (a reused
   * rotated refresh token would revoke the whole family). False when there is no valid session.
   * @throws OfflineError when the service cannot be reached
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= timedFetch(
      '/api/v1/auth/refresh',
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ session: 'cookie' }), credentials: 'same-origin' },
      5000,
    )
      .then(async (r) => {
        if (!r.ok) {
          this.accessToken = null;
          return false;
        }
        this.accessToken = ((await r.json()) as { accessToken: string }).accessToken;
        return true;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** Ends the cookie session (best effort). */
  async signOut(): Promise<void> {
    if (this.credentials?.kind === 'user' && this.accessToken) {
      await this.call('POST', '/auth/logout', { session: 'cookie' }).catch(() => undefined);
    }
    this.setCredentials(null);
  }
}

/** fetch with a time limit. @throws OfflineError on failure or timeout */
export async function timedFetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(url, { ...init, signal: controller.signal, cache: 'no-store' });
  } catch (e) {
    throw new OfflineError(controller.signal.aborted ? `no answer within ${timeoutMs} ms` : String(e));
  } finally {
    clearTimeout(timer);
  }
}
