import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import createClient from 'openapi-fetch';
import openapiTS, { astToString } from 'openapi-typescript';
import type { paths } from '../sdk/schema.js';
import { uniqueEmail } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type Operation = { operationId?: string; security?: unknown[]; responses: Record<string, unknown>; 'x-roles'?: string[] };

/**
 * The OpenAPI document is a contract: what the server serves equals the committed
 * openapi/openapi.json (regenerate with `npm run openapi:export`), it validates, and the
 * TypeScript SDK generated from it (committed as test/sdk/schema.d.ts) is current and works.
 */
describe('OpenAPI document and generated SDK (e2e)', () => {
  let t: TestApp;
  let served: Record<string, unknown>;
  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http().get('/api/v1/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('equals the committed openapi/openapi.json (API changes are deliberate)', () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    expect(served).toEqual(committed);
  });

  it('validates as OpenAPI 3 with a standard validator', async () => {
    await expect(SwaggerParser.validate(structuredClone(served) as never)).resolves.toBeDefined();
  });

  it('documents security, problem+json errors and an id for every operation', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(served.paths as Record<string, Record<string, Operation>>)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        expect(op.operationId).toBeTruthy();
        expect(ids.has(op.operationId!)).toBe(false);
        ids.add(op.operationId!);
        const problems = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
        expect({ path, method, problems: problems.length > 0 }).toEqual({ path, method, problems: true });
        for (const [, response] of problems) expect(Object.keys((response as { content: object }).content)).toEqual(['application/problem+json']);
        const roles = op['x-roles'];
        if (roles && !roles.includes('public')) expect({ path, method, security: op.security }).toEqual({ path, method, security: [{ bearer: [] }] });
        if (roles?.includes('public')) expect({ path, method, security: op.security }).toEqual({ path, method, security: [{}, { bearer: [] }] });
        expect({ path, method, security: Array.isArray(op.security) }).toEqual({ path, method, security: true });
        for (const [, response] of problems) {
          const schema = (response as { content: Record<string, { schema: { allOf: { properties?: { code?: { enum?: string[] } } }[] } }> }).content[
            'application/problem+json'
          ]!.schema;
          expect({ path, method, codes: (schema.allOf[1]!.properties!.code!.enum ?? []).length > 0 }).toEqual({ path, method, codes: true });
        }
      }
    }
    expect(ids.size).toBeGreaterThan(10);
    const paths = served.paths as Record<string, Record<string, Operation>>;
    expect(paths['/api/v1/auth/login']!.post!.security).toEqual([]);
    expect(paths['/api/v1/bookings']!.post!.operationId).toBe('createBooking');
    expect(paths['/api/v1/events']!.get!.operationId).toBe('listEvents');
    expect(paths['/api/v1/payments/{id}/approve']!.post!.operationId).toBe('approvePayment');
  });

  it('serves a page for every problem type it sends', async () => {
    const res = await t.http().post('/api/v1/bookings').send({}).expect(401);
    expect(res.body.type).toBe('/api/v1/problems/unauthorized');
    const page = await t.http().get(res.body.type).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<code>unauthorized</code>');
    await t.http().get('/api/v1/problems/no_such_code').expect(404);
  });

  it('has every route of the API contract (docs/api.md), /metrics included', () => {
    const contract = [
      'GET /api/v1/health',
      'GET /api/v1/health/ready',
      'GET /metrics',
      'POST /api/v1/auth/register',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/refresh',
      'POST /api/v1/auth/logout',
      'GET /api/v1/auth/me',
      'POST /api/v1/auth/change-password',
      'GET /api/v1/users',
      'POST /api/v1/users',
      'PATCH /api/v1/users/{id}',
      'GET /api/v1/events',
      'GET /api/v1/events/{id}',
      'POST /api/v1/events',
      'PATCH /api/v1/events/{id}',
      'POST /api/v1/events/{id}/publish',
      'POST /api/v1/events/{id}/cancel',
      'DELETE /api/v1/events/{id}',
      'GET /api/v1/events/{id}/ticket-types',
      'POST /api/v1/events/{id}/ticket-types',
      'PATCH /api/v1/events/{id}/ticket-types/{ticketTypeId}',
      'GET /api/v1/events/{id}/stats',
      'GET /api/v1/events/{id}/attendees',
      'PUT /api/v1/events/{id}/payment-qr',
      'GET /api/v1/events/{id}/payment-qr',
      'POST /api/v1/bookings',
      'GET /api/v1/bookings',
      'GET /api/v1/bookings/{id}',
      'POST /api/v1/bookings/{id}/cancel',
      'POST /api/v1/bookings/{id}/payments',
      'GET /api/v1/payments',
      'GET /api/v1/payments/{id}',
      'POST /api/v1/payments/{id}/proof',
      'GET /api/v1/payments/{id}/proof',
      'POST /api/v1/payments/{id}/approve',
      'POST /api/v1/payments/{id}/reject',
      'GET /api/v1/payments/verify/{reference}',
      'POST /api/v1/payments/webhooks/paystack',
      'GET /api/v1/tickets',
      'GET /api/v1/tickets/{id}',
      'GET /api/v1/tickets/{id}/qr',
      'PATCH /api/v1/tickets/{id}',
      'GET /api/v1/tickets/lookup',
      'GET /health',
      'GET /ping',
      'POST /api/v1/check-ins',
      'POST /api/v1/check-ins/verify',
      'POST /api/v1/check-ins/batch',
      'GET /api/v1/events/{id}/check-ins',
      'GET /api/v1/events/{id}/attendance',
      'GET /api/v1/events/{id}/check-in-keys',
      'POST /api/v1/refunds',
      'GET /api/v1/refunds',
      'GET /api/v1/refunds/{id}',
      'POST /api/v1/refunds/{id}/approve',
      'POST /api/v1/refunds/{id}/reject',
      'POST /api/v1/transfers',
      'GET /api/v1/transfers',
      'POST /api/v1/transfers/{id}/accept',
      'POST /api/v1/transfers/{id}/reject',
      'POST /api/v1/transfers/{id}/cancel',
      'GET /api/v1/audit-logs',
      'GET /api/v1/messages',
    ];
    const paths = served.paths as Record<string, Record<string, Operation>>;
    expect(
      contract.filter((route) => {
        const [method, path] = route.split(' ') as [string, string];
        return !paths[path]?.[method.toLowerCase()];
      }),
    ).toEqual([]);
    // The metrics route is public unless METRICS_TOKEN is set, and answers Prometheus text.
    const metrics = paths['/metrics']!.get! as Operation & { responses: Record<string, { content?: object }> };
    expect(metrics.security).toEqual([{}, { metricsToken: [] }]);
    expect(Object.keys(metrics.responses['200']!.content!)).toEqual(['text/plain']);
  });

  it('serves Swagger UI', async () => {
    const res = await t.http().get('/api/v1/docs').redirects(1).expect(200);
    expect(res.text).toMatch(/swagger/i);
  });

  it('serves ReDoc with its bundle from this server, no CDN', async () => {
    const page = await t.http().get('/api/v1/redoc').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<redoc spec-url="/api/v1/openapi.json">');
    const sources = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((url) => url !== 'data:,');
    expect(sources).toEqual(['/api/v1/redoc/redoc.standalone.js']);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    const bundle = await t.http().get('/api/v1/redoc/redoc.standalone.js').expect(200);
    expect(bundle.headers['content-type']).toMatch(/javascript/);
    expect(bundle.text.length).toBeGreaterThan(100_000);
  });

  it('the committed SDK types are what openapi-typescript generates from the committed document', async () => {
    const committed = JSON.parse(readFileSync('openapi/openapi.json', 'utf8'));
    const generated = astToString(await openapiTS(committed));
    const file = readFileSync('test/sdk/schema.d.ts', 'utf8');
    expect(file.slice(file.indexOf('export interface paths'))).toBe(generated.slice(generated.indexOf('export interface paths')));
  });

  it('a client generated from the document signs up, logs in and reads /auth/me', async () => {
    const client = createClient<paths>({ baseUrl: t.url });
    const email = uniqueEmail('sdk');
    const registered = await client.POST('/api/v1/auth/register', { body: { email, password: 'correct horse battery staple', name: 'SDK User' } });
    expect(registered.response.status).toBe(201);
    // 201 is a session; 202 (an account made at the box office) is not, and the SDK types say so.
    expect(registered.data && 'user' in registered.data ? registered.data.user.roles : registered.data).toEqual(['customer']);

    const login = await client.POST('/api/v1/auth/login', { body: { email, password: 'correct horse battery staple' } });
    expect(login.response.status).toBe(200);
    const token = login.data!.accessToken;

    const me = await client.GET('/api/v1/auth/me', { headers: { Authorization: `Bearer ${token}` } });
    expect(me.data).toMatchObject({ email, name: 'SDK User', roles: ['customer'] });

    const denied = await client.GET('/api/v1/users', { params: { query: { limit: 5 } }, headers: { Authorization: `Bearer ${token}` } });
    expect(denied.response.status).toBe(403);
    expect(denied.error).toMatchObject({ code: 'forbidden', status: 403 });
  });
});
