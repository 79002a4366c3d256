import { parseSetCookie } from 'cookie';
import { Role } from '@app/shared';
import { createUser, DEFAULT_PASSWORD, signIn } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** The `ticketing_refresh` Set-Cookie of a response, parsed, or undefined. */
function sessionCookie(res: { headers: Record<string, unknown> }) {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? (raw as string[]) : [];
  const line = all.find((c) => c.startsWith('ticketing_refresh='));
  if (!line) return undefined;
  const parsed = parseSetCookie(line);
  return { ...parsed, line, value: parsed.value ?? '' };
}

describe('browser cookie sessions (e2e)', () => {
  let t: TestApp;
  // Behind a (loopback) proxy, so X-Forwarded-Proto is believed; without it requests are plain http.
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: 'loopback' });
  });
  afterAll(() => t.close());

  const login = (app: TestApp, email: string, extra: object = { session: 'cookie' }) =>
    app
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: DEFAULT_PASSWORD, ...extra });
  const refreshWithCookie = (app: TestApp, cookie: string) => app.http().post('/api/v1/auth/refresh').set('Cookie', `ticketing_refresh=${cookie}`).send({});

  it('login with session=cookie sets an HttpOnly, SameSite=Strict cookie on /api/v1/auth and leaves the token out of the body', async () => {
    const user = await createUser(t, [Role.Admin]);
    const res = await login(t, user.email).expect(200);
    expect(res.body.refreshToken).toBeUndefined();
    expect(res.body).toMatchObject({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, user: { email: user.email } });
    const cookie = sessionCookie(res)!;
    expect(cookie).toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'strict', path: '/api/v1/auth', maxAge: 30 * 24 * 3600 });
    // Plain http on loopback: not Secure (a browser would drop a Secure cookie here).
    expect(cookie.secure).toBeFalsy();
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });

  it('is Secure when a trusted proxy says the request came over https', async () => {
    const user = await createUser(t, [Role.Admin]);
    const res = await login(t, user.email).set('X-Forwarded-Proto', 'https').expect(200);
    expect(sessionCookie(res)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'strict' });
  });

  it('refresh reads the cookie, rotates it into a new cookie, and a reused cookie revokes the family', async () => {
    const user = await createUser(t, [Role.Admin]);
    const first = sessionCookie(await login(t, user.email).expect(200))!.value;
    const refreshed = await refreshWithCookie(t, first).expect(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const second = sessionCookie(refreshed)!.value;
    expect(second).not.toBe(first);
    await t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${refreshed.body.accessToken}`).expect(200);

    const reuse = await refreshWithCookie(t, first).expect(401);
    expect(reuse.body.code).toBe('refresh_token_reused');
    // The dead cookie is expired so the app signs in again.
    expect(sessionCookie(reuse)!.line).toMatch(/Expires=Thu, 01 Jan 1970/);
    const after = await refreshWithCookie(t, second).expect(401);
    expect(after.body.code).toBe('invalid_refresh_token');
  });

  it('concurrent refreshes with the same cookie: exactly one rotates it', async () => {
    const user = await createUser(t, [Role.Admin]);
    const cookie = sessionCookie(await login(t, user.email).expect(200))!.value;
    const results = await Promise.all(Array.from({ length: 8 }, () => refreshWithCookie(t, cookie)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 401)).toHaveLength(7);
  });

  it('refuses cross-site requests carrying the cookie (Origin or Sec-Fetch-Site) with 403 problem+json, and rotates nothing', async () => {
    const user = await createUser(t, [Role.Admin]);
    const cookie = sessionCookie(await login(t, user.email).expect(200))!.value;
    const foreign = await refreshWithCookie(t, cookie).set('Origin', 'https://evil.example').expect(403);
    expect(foreign.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(foreign.body).toMatchObject({ code: 'cross_site_request', status: 403 });
    const sibling = await refreshWithCookie(t, cookie).set('Sec-Fetch-Site', 'cross-site').expect(403);
    expect(sibling.body.code).toBe('cross_site_request');
    await refreshWithCookie(t, cookie).set('Sec-Fetch-Site', 'same-site').expect(403);
    await login(t, user.email).set('Origin', 'https://evil.example').expect(403);

    // Same origin (as the browser app sends it) passes, and the cookie was never consumed above.
    const own = new URL(t.url).origin;
    await refreshWithCookie(t, cookie).set('Origin', own).set('Sec-Fetch-Site', 'same-origin').expect(200);
  });

  it('logout revokes the cookie session and expires the cookie; other sessions live on', async () => {
    const user = await createUser(t, [Role.Admin]);
    const browser = await login(t, user.email).expect(200);
    const cookie = sessionCookie(browser)!.value;
    const api = await signIn(t, user.email);
    const out = await t
      .http()
      .post('/api/v1/auth/logout')
      .set('Authorization', `Bearer ${browser.body.accessToken}`)
      .set('Cookie', `ticketing_refresh=${cookie}`)
      .send({})
      .expect(204);
    expect(sessionCookie(out)!.line).toMatch(/Expires=Thu, 01 Jan 1970/);
    await refreshWithCookie(t, cookie).expect(401);
    await t.http().post('/api/v1/auth/refresh').send({ refreshToken: api.refreshToken }).expect(200);
  });

  it('body-token clients are unchanged: no cookie, token in the body; no token anywhere is 401', async () => {
    const user = await createUser(t, [Role.Admin]);
    const res = await login(t, user.email, {}).expect(200);
    expect(res.body.refreshToken).toEqual(expect.any(String));
    expect(sessionCookie(res)).toBeUndefined();
    const refreshed = await t
      .http()
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: res.body.refreshToken })
      .set('Origin', 'https://other.example')
      .expect(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect(sessionCookie(refreshed)).toBeUndefined();
    const none = await t.http().post('/api/v1/auth/refresh').send({}).expect(401);
    expect(none.body.code).toBe('invalid_refresh_token');
    const bad = await login(t, user.email, { session: 'jar' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['session']);
  });
});
