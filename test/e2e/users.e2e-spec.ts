import { Role } from '@app/shared';
import { createAdmin, createUser, DEFAULT_PASSWORD, signUpCustomer, SignedInUser, uniqueEmail } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

describe('users and roles (e2e)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let viewer: SignedInUser;
  let scanner: SignedInUser;
  let customer: SignedInUser;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createAdmin(t);
    viewer = await createUser(t, [Role.Viewer]);
    scanner = await createUser(t, [Role.Scanner]);
    customer = await signUpCustomer(t);
  });
  afterAll(() => t.close());

  describe('RBAC on every users route', () => {
    const routes = (targetId: () => string) => [
      { name: 'GET /users', call: (auth: Record<string, string> = {}) => t.http().get('/api/v1/users').set(auth), allowed: ['admin', 'viewer'] },
      {
        name: 'GET /users/{id}',
        call: (auth: Record<string, string> = {}) => t.http().get(`/api/v1/users/${targetId()}`).set(auth),
        allowed: ['admin', 'viewer'],
      },
      {
        name: 'POST /users',
        call: (auth: Record<string, string> = {}) =>
          t
            .http()
            .post('/api/v1/users')
            .set(auth)
            .send({ email: uniqueEmail('staff'), password: DEFAULT_PASSWORD, name: 'Staff', roles: ['scanner'] }),
        allowed: ['admin'],
      },
      {
        name: 'PATCH /users/{id}',
        call: (auth: Record<string, string> = {}) => t.http().patch(`/api/v1/users/${targetId()}`).set(auth).send({ name: 'Renamed' }),
        allowed: ['admin'],
      },
      { name: 'GET /audit-logs', call: (auth: Record<string, string> = {}) => t.http().get('/api/v1/audit-logs').set(auth), allowed: ['admin'] },
    ];
    let target: SignedInUser;
    beforeAll(async () => {
      target = await signUpCustomer(t);
    });

    for (const route of routes(() => target.id)) {
      it(`${route.name}: allowed for ${route.allowed.join(', ')}; 403 for other roles; 401 anonymous`, async () => {
        const actors = { admin, viewer, scanner, customer };
        for (const [role, actor] of Object.entries(actors)) {
          const res = await route.call(actor.auth);
          if (route.allowed.includes(role)) expect([200, 201]).toContain(res.status);
          else {
            expect({ role, status: res.status }).toEqual({ role, status: 403 });
            expect(res.body.code).toBe('forbidden');
          }
        }
        const anonymous = await route.call();
        expect(anonymous.status).toBe(401);
        expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
      });
    }
  });

  it('admin creates staff with roles, and the new account signs in with them', async () => {
    const email = uniqueEmail('gate');
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email, password: DEFAULT_PASSWORD, name: 'Gate 1', roles: ['scanner', 'viewer'] })
      .expect(201);
    expect(created.body).toMatchObject({ email, roles: ['scanner', 'viewer'], disabled: false });
    const login = await t.http().post('/api/v1/auth/login').send({ email, password: DEFAULT_PASSWORD }).expect(200);
    expect(login.body.user.roles).toEqual(['scanner', 'viewer']);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'user.created', entityId: created.body.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(1);
    expect(audit.body.data[0]).toMatchObject({ actorId: admin.id, details: { email, roles: ['scanner', 'viewer'] } });
  });

  it('phone: admin sets it on create and on PATCH (E.164), null removes it, audited; invalid is 400 on the field; the DB refuses a non-E.164 value', async () => {
    const created = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('phone'), password: DEFAULT_PASSWORD, name: 'Gate P', roles: ['scanner'], phone: '+234 803 555 1234' })
      .expect(201);
    expect(created.body.phone).toBe('+2348035551234');
    expect((await t.http().get(`/api/v1/users/${created.body.id}`).set(viewer.auth).expect(200)).body.phone).toBe('+2348035551234');
    const bad = await t
      .http()
      .post('/api/v1/users')
      .set(admin.auth)
      .send({ email: uniqueEmail('phone'), password: DEFAULT_PASSWORD, name: 'Gate Q', roles: ['scanner'], phone: '+1 555' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);

    const changed = await t.http().patch(`/api/v1/users/${created.body.id}`).set(admin.auth).send({ phone: '08012345678' }).expect(200);
    expect(changed.body.phone).toBe('+2348012345678');
    const badPatch = await t.http().patch(`/api/v1/users/${created.body.id}`).set(admin.auth).send({ phone: 'not a phone' }).expect(400);
    expect(badPatch.body.errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    const cleared = await t.http().patch(`/api/v1/users/${created.body.id}`).set(admin.auth).send({ phone: null }).expect(200);
    expect(cleared.body.phone).toBeNull();
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'user.updated', entityId: created.body.id }).set(admin.auth).expect(200);
    expect(audit.body.data.map((e: { details: unknown }) => e.details)).toEqual([
      { changes: { phone: { from: '+2348012345678', to: null } } },
      { changes: { phone: { from: '+2348035551234', to: '+2348012345678' } } },
    ]);
    await expect(query(t, `UPDATE users SET phone = '08012345678' WHERE id = $1`, [created.body.id])).rejects.toThrow(/users_phone_check/);
  });

  it('role changes take effect on the next request, without a new token', async () => {
    const user = await signUpCustomer(t);
    await t.http().get('/api/v1/users').set(user.auth).expect(403);
    await t
      .http()
      .patch(`/api/v1/users/${user.id}`)
      .set(admin.auth)
      .send({ roles: ['viewer'] })
      .expect(200);
    await t.http().get('/api/v1/users').set(user.auth).expect(200);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'user.updated', entityId: user.id }).set(admin.auth).expect(200);
    expect(audit.body.data[0].details).toEqual({ changes: { roles: { from: ['customer'], to: ['viewer'] } } });
  });

  it('filters by role and q and pages with an opaque cursor, newest first, no duplicates', async () => {
    const marker = `pager${Date.now()}`;
    const made: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await t
        .http()
        .post('/api/v1/users')
        .set(admin.auth)
        .send({ email: uniqueEmail(marker), password: DEFAULT_PASSWORD, name: `${marker} ${i}`, roles: ['viewer'] })
        .expect(201);
      made.push(res.body.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t
        .http()
        .get('/api/v1/users')
        .query({ q: marker.toUpperCase(), role: 'viewer', limit: 2, ...(cursor ? { cursor } : {}) })
        .set(viewer.auth)
        .expect(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.data.map((u: { id: string }) => u.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());

    const wildcard = await t.http().get('/api/v1/users').query({ q: '%' }).set(admin.auth).expect(200);
    expect(wildcard.body.data).toEqual([]);
  });

  it('validates ids, filters and cursors with problem+json 400s, and 404s unknown users', async () => {
    const badId = await t.http().get('/api/v1/users/not-a-uuid').set(admin.auth).expect(400);
    expect(badId.body.errors).toEqual([{ field: 'id', message: 'id must be a UUID' }]);
    const badQuery = await t.http().get('/api/v1/users').query({ limit: 0, role: 'pope' }).set(admin.auth).expect(400);
    expect(badQuery.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['limit', 'role']);
    await t.http().get('/api/v1/users').query({ limit: 101 }).set(admin.auth).expect(400);
    const badCursor = await t.http().get('/api/v1/users').query({ cursor: 'zzz' }).set(admin.auth).expect(400);
    expect(badCursor.body.errors[0].field).toBe('cursor');
    const missing = await t.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
    expect(missing.body.code).toBe('user_not_found');
    const badPatch = await t.http().patch(`/api/v1/users/${customer.id}`).set(admin.auth).send({ roles: [], disabled: 'yes', email: 'x@y.z' }).expect(400);
    expect(badPatch.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['disabled', 'email', 'roles']);
  });

  it('PATCH /users/{id} refuses null (leave a field out to keep it), and changes nothing', async () => {
    const user = await signUpCustomer(t);
    for (const field of ['roles', 'name', 'disabled']) {
      const res = await t
        .http()
        .patch(`/api/v1/users/${user.id}`)
        .set(admin.auth)
        .send({ [field]: null })
        .expect(400);
      expect(res.body).toMatchObject({ code: 'validation_failed', errors: [{ field, message: `${field} must not be null (leave it out instead)` }] });
    }
    expect((await t.http().get(`/api/v1/users/${user.id}`).set(admin.auth).expect(200)).body).toMatchObject({
      roles: ['customer'],
      name: user.name,
      disabled: false,
    });
    await t.http().get('/api/v1/auth/me').set(user.auth).expect(200);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'user.updated', entityId: user.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toEqual([]);
  });

  it('audit-log time filters take RFC 3339 date-times with an offset only', async () => {
    for (const bad of ['2026', '2026-12-31', 'Dec 31 2026', '2026-12-31T19:00:00', '2026-W01-1']) {
      const res = await t.http().get('/api/v1/audit-logs').query({ from: bad, to: bad }).set(admin.auth).expect(400);
      expect({ bad, fields: res.body.errors.map((e: { field: string }) => e.field).sort() }).toEqual({ bad, fields: ['from', 'to'] });
    }
    const user = await signUpCustomer(t);
    await t.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ name: 'Dated' }).expect(200);
    const from = new Date(Date.now() - 60_000);
    const sameInstant = new Date(from.getTime() + 3600_000).toISOString().replace('Z', '+01:00');
    const res = await t.http().get('/api/v1/audit-logs').query({ action: 'user.updated', entityId: user.id, from: sameInstant }).set(admin.auth).expect(200);
    expect(res.body.data).toHaveLength(1);
    const later = await t
      .http()
      .get('/api/v1/audit-logs')
      .query({ action: 'user.updated', entityId: user.id, from: new Date(Date.now() + 60_000).toISOString() })
      .set(admin.auth)
      .expect(200);
    expect(later.body.data).toEqual([]);
  });
});
