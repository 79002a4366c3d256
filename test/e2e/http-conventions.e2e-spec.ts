import type { Response } from 'supertest';
import { signUpCustomer, uniqueEmail } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const METRICS_TOKEN = 'metrics-token-for-tests';

describe('HTTP conventions (e2e)', () => {
  let t: TestApp;
  let customer: Awaited<ReturnType<typeof signUpCustomer>>;
  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_ENABLED: 'true',
      RATE_LIMIT_LOGIN: '5',
      RATE_LIMIT_REGISTER: '10',
      BODY_LIMIT: '4kb',
      METRICS_TOKEN,
      CORS_ORIGINS: 'https://shop.example',
    });
    customer = await signUpCustomer(t, { http: true }); // over HTTP: the register limit below counts it
  });
  afterAll(() => t.close());

  const isProblem = (res: { headers: Record<string, string>; body: Record<string, unknown> }, status: number, code: string) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: `/api/v1/problems/${code}`, status, code, title: expect.any(String), detail: expect.any(String) });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  };

  it('answers unknown routes with a problem+json 404', async () => {
    const res = await t.http().get('/api/v1/no/such/route?x=1').expect(404);
    isProblem(res, 404, 'route_not_found');
    expect(res.body.instance).toBe('/api/v1/no/such/route');
  });

  it('answers paths outside /api with a problem+json 404 too, not an HTML page', async () => {
    for (const path of ['/nope', '/', '/favicon.ico', '/api', '/apiv1/events', '/scan/unknown.js', '/admin/assets/missing.js']) {
      const res = await t.http().get(path).expect(404);
      isProblem(res, 404, 'route_not_found');
    }
    const post = await t.http().post('/nope').send({ a: 1 }).expect(404);
    isProblem(post, 404, 'route_not_found');
  });

  it('answers keep-alive monitors at /health and /ping (no prefix) like /api/v1/health', async () => {
    const prefixed = await t.http().get('/api/v1/health').expect(200);
    for (const path of ['/health', '/ping']) {
      const res = await t.http().get(path).expect(200);
      expect(res.body).toEqual(prefixed.body);
    }
  });

  it('refuses NUL and lone surrogates anywhere (query, path, body, keys) with 400 validation_failed, before authentication', async () => {
    const attempts: [string, PromiseLike<Response>][] = [
      ['GET /api/v1/events?q=%00', t.http().get('/api/v1/events?q=%00')],
      ['GET /api/v1/events/%00', t.http().get('/api/v1/events/%00')],
      ['POST /api/v1/auth/login', t.http().post('/api/v1/auth/login').send({ email: 'a\u0000@b.co', password: 'whatever password' })],
      [
        'POST /api/v1/auth/register',
        t
          .http()
          .post('/api/v1/auth/register')
          .set('Content-Type', 'application/json')
          .send('{"email":"x@example.com","password":"long enough password","name":"Ada \\ud800"}'),
      ],
      ['POST /api/v1/auth/register', t.http().post('/api/v1/auth/register').set('Content-Type', 'application/json').send('{"email\\u0000":"x@example.com"}')],
      ['POST /api/v1/check-ins', t.http().post('/api/v1/check-ins').send({ eventId: '00000000-0000-7000-8000-000000000000', code: 'TKT-\u0000' })],
      [
        'POST /api/v1/refunds',
        t.http().post('/api/v1/refunds').set(customer.auth).send({ bookingId: '00000000-0000-7000-8000-000000000000', reason: 'because\udfff' }),
      ],
    ];
    for (const [request, attempt] of attempts) {
      const res = await attempt;
      expect({ request, status: res.status }).toEqual({ request, status: 400 });
      isProblem(res, 400, 'validation_failed');
      expect(res.body.errors[0]).toMatchObject({ field: expect.any(String), message: expect.stringMatching(/NUL|UTF/) });
    }
    const [{ n }] = await query<{ n: string }>(t, "SELECT count(*) AS n FROM users WHERE email = 'x@example.com'");
    expect(Number(n)).toBe(0);
    // Paired surrogates (emoji) are ordinary text.
    await t
      .http()
      .get(`/api/v1/events?q=${encodeURIComponent('☕😀')}`)
      .expect(200);
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email": "a@b.co", ').expect(400);
    isProblem(res, 400, 'malformed_json');
  });

  it('answers a body over BODY_LIMIT with 413 payload_too_large', async () => {
    const res = await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: 'a@b.co', password: 'x'.repeat(8000) })
      .expect(413);
    isProblem(res, 413, 'payload_too_large');
  });

  it('takes a well-formed X-Request-Id, makes one otherwise, and echoes it', async () => {
    const given = await t.http().get('/api/v1/health').set('X-Request-Id', 'client-req-42').expect(200);
    expect(given.headers['x-request-id']).toBe('client-req-42');
    const made = await t.http().get('/api/v1/health').set('X-Request-Id', 'bad id with spaces <script>').expect(200);
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('leaks no stack, SQL or path in errors', async () => {
    const res = await t
      .http()
      .get('/api/v1/users/%E0%A4%A')
      .expect((r) => expect([400, 404]).toContain(r.status));
    expect(JSON.stringify(res.body)).not.toMatch(/node_modules|at .*\.ts|SELECT|stack/i);
  });

  it('sends security headers and CORS for the configured origin only', async () => {
    const ok = await t.http().options('/api/v1/auth/login').set('Origin', 'https://shop.example').set('Access-Control-Request-Method', 'POST');
    expect(ok.headers['access-control-allow-origin']).toBe('https://shop.example');
    const other = await t.http().get('/api/v1/health').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers['x-content-type-options']).toBe('nosniff');
    expect(other.headers['x-powered-by']).toBeUndefined();
    // Browsers may read exactly the headers the API sets for clients (no Location: nothing sets it).
    const read = await t.http().get('/api/v1/health').set('Origin', 'https://shop.example').expect(200);
    expect(read.headers['access-control-expose-headers']).toBe('X-Request-Id,Retry-After,Idempotent-Replayed');
  });

  it('limits login to 5 per window per IP: the 6th is 429 with Retry-After', async () => {
    const email = uniqueEmail('limited');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t.http().post('/api/v1/auth/login').send({ email, password: 'wrong password' });
      statuses.push(res.status);
      if (res.status === 429) {
        isProblem(res, 429, 'rate_limited');
        const retryAfter = Number(res.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it('limits register to 10 per window per IP, independently of login', async () => {
    const statuses: number[] = [];
    // One registration happened in beforeAll.
    for (let i = 0; i < 10; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail('burst'), password: 'correct horse battery', name: 'B' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 201)).toBe(true);
    expect(statuses[9]).toBe(429);
    // Other routes still answer: the default limit is generous.
    await t.http().get('/api/v1/health').expect(200);
  });

  it('limits change-password like login (5 per window per IP): a stolen access token cannot brute-force the current password', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await t
        .http()
        .post('/api/v1/auth/change-password')
        .set(customer.auth)
        .send({ currentPassword: `guess number ${i}`, newPassword: 'a brand new passphrase' });
      statuses.push(res.status);
      if (res.status === 429) isProblem(res, 429, 'rate_limited');
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
    // Its own counter: login is not affected by it (nor it by login's).
    await t.http().get('/api/v1/auth/me').set(customer.auth).expect(200);
  });

  it('serves Prometheus metrics behind METRICS_TOKEN, by route template and status', async () => {
    await t.http().get('/metrics').expect(401);
    await t.http().get('/metrics').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/health",status="200"\} \d+/);
    expect(res.text).toMatch(/http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/api\/v1\/auth\/login",status="401"\}/);
    expect(res.text).toMatch(/http_requests_total\{method="GET",route="unmatched",status="404"\}/);
    expect(res.text).toMatch(/process_cpu_seconds_total/);
  });

  it('serves liveness and readiness', async () => {
    await t.http().get('/api/v1/health').expect(200, { status: 'ok' });
    await t
      .http()
      .get('/api/v1/health/ready')
      .expect(200, { status: 'ok', checks: { database: 'up' } });
  });

  it('keeps the signed-in flows working alongside the limits', async () => {
    await t.http().get('/api/v1/auth/me').set(customer.auth).expect(200);
  });
});
