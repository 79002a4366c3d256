import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { Role } from '@app/shared';
import { createAdmin, createUser, DEFAULT_PASSWORD, signIn, signUpCustomer, uniqueEmail, verificationToken } from '../factories/users.js';
import { query } from '../setup/db.js';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../setup/test-app.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('auth (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const me = (token: string) => t.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  describe('register', () => {
    it('creates a customer, signs it in and never shows the password hash', async () => {
      const email = uniqueEmail('ada');
      const res = await t.http().post('/api/v1/auth/register').send({ email: email.toUpperCase(), password: DEFAULT_PASSWORD, name: ' Ada ' }).expect(201);
      expect(res.body).toEqual({
        user: {
          id: expect.any(String),
          email,
          name: 'Ada',
          phone: null,
          roles: ['customer'],
          disabled: false,
          emailVerified: false,
          createdAt: expect.any(String),
        },
        accessToken: expect.any(String),
        refreshToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/argon2|passwordHash|tokenVersion/);
      await me(res.body.accessToken)
        .expect(200)
        .expect((r) => expect(r.body.email).toBe(email));
    });

    it('takes an optional phone: international or Nigerian national form, stored and answered in E.164; an invalid one is 400 on the field', async () => {
      const intl = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail('ph1'), password: DEFAULT_PASSWORD, name: 'Intl', phone: '+44 20 7946 0958' })
        .expect(201);
      expect(intl.body.user.phone).toBe('+442079460958');
      await me(intl.body.accessToken)
        .expect(200)
        .expect((r) => expect(r.body.phone).toBe('+442079460958'));
      const national = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: uniqueEmail('ph2'), password: DEFAULT_PASSWORD, name: 'National', phone: '0801-234-5678' })
        .expect(201);
      expect(national.body.user.phone).toBe('+2348012345678');
      const stored = await query<{ phone: string }>(t, 'SELECT phone FROM users WHERE id = $1', [national.body.user.id]);
      expect(stored[0]!.phone).toBe('+2348012345678');
      for (const phone of ['12345', '+999 123', 'call me', '', 2348012345678, null]) {
        const email = uniqueEmail('ph-bad');
        const res = await t.http().post('/api/v1/auth/register').send({ email, password: DEFAULT_PASSWORD, name: 'Bad', phone }).expect(400);
        expect({ phone, fields: res.body.errors.map((e: { field: string }) => e.field) }).toEqual({ phone, fields: ['phone'] });
        await t.http().post('/api/v1/auth/login').send({ email, password: DEFAULT_PASSWORD }).expect(401);
      }
    });

    it('rejects a smuggled role (unknown properties are refused) and creates nothing', async () => {
      const email = uniqueEmail('smuggler');
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email, password: DEFAULT_PASSWORD, name: 'M', roles: ['admin'], role: 'admin' })
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['role', 'roles']);
      await t.http().post('/api/v1/auth/login').send({ email, password: DEFAULT_PASSWORD }).expect(401);
    });

    it('lists every bad field at once', async () => {
      const res = await t.http().post('/api/v1/auth/register').send({ email: 'not-an-email', password: 'short', name: '' }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'name', 'password']);
    });

    it('answers 409 email_taken for an e-mail in use, whatever its case', async () => {
      const first = await signUpCustomer(t, { http: true });
      const res = await t
        .http()
        .post('/api/v1/auth/register')
        .send({ email: first.email.toUpperCase(), password: DEFAULT_PASSWORD, name: 'Again' })
        .expect(409);
      expect(res.body).toMatchObject({ code: 'email_taken', status: 409, instance: '/api/v1/auth/register' });
    });

    it('creates exactly one account when the same e-mail registers concurrently', async () => {
      const email = uniqueEmail('race');
      const results = await Promise.all(
        Array.from({ length: 8 }, () => t.http().post('/api/v1/auth/register').send({ email, password: DEFAULT_PASSWORD, name: 'Race' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    });
  });

  describe('e-mail verification', () => {
    const verify = (token: string) => t.http().post('/api/v1/auth/verify-email').send({ token });
    const expectInvalid = async (token: string) => {
      const res = await verify(token).expect(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ code: 'invalid_verification_token', errors: [{ field: 'token' }] });
    };
    const verifiedAt = async (id: string) => (await query<{ at: Date | null }>(t, 'SELECT email_verified_at AS at FROM users WHERE id = $1', [id]))[0]!.at;

    it('registration queues a verify-email message; its token verifies the address once, idempotently, audited once', async () => {
      const ada = await signUpCustomer(t, { http: true, name: 'Ada', verified: false });
      expect((await me(ada.accessToken).expect(200)).body.emailVerified).toBe(false);
      const [message] = await query<{ subject: string; token: string; expires: string }>(
        t,
        `SELECT subject, data->>'token' AS token, data->>'expiresAt' AS expires FROM outbox_messages WHERE "to" = $1 AND template = 'verify-email'`,
        [ada.email],
      );
      expect(message!.subject).toBe('Confirm your e-mail address');
      const hoursLeft = (Date.parse(message!.expires) - Date.now()) / 3_600_000;
      expect(hoursLeft).toBeGreaterThan(47.9);
      expect(hoursLeft).toBeLessThanOrEqual(48);

      const first = await verify(message!.token).expect(200);
      expect(first.body).toMatchObject({ id: ada.id, email: ada.email, emailVerified: true });
      const at = await verifiedAt(ada.id);
      expect(at).not.toBeNull();
      await verify(message!.token).expect(200);
      expect(await verifiedAt(ada.id)).toEqual(at);
      expect((await me(ada.accessToken).expect(200)).body.emailVerified).toBe(true);
      const audited = await query(t, `SELECT id FROM audit_logs WHERE action = 'auth.email_verified' AND entity_id = $1`, [ada.id]);
      expect(audited).toHaveLength(1);
      // Verified: nothing more to send.
      expect((await t.http().post('/api/v1/auth/resend-verification').set(ada.auth).expect(409)).body.code).toBe('email_already_verified');
    });

    it('five concurrent uses of one token: all 200, verified once, audited once', async () => {
      const ada = await signUpCustomer(t, { http: true, verified: false });
      const token = await verificationToken(t, ada.email);
      const results = await Promise.all(Array.from({ length: 5 }, () => verify(token)));
      expect(results.map((r) => [r.status, r.body.emailVerified])).toEqual(Array(5).fill([200, true]));
      expect(await query(t, `SELECT id FROM audit_logs WHERE action = 'auth.email_verified' AND entity_id = $1`, [ada.id])).toHaveLength(1);
    });

    it('a disabled account cannot be verified', async () => {
      const ada = await signUpCustomer(t, { http: true, verified: false });
      const admin = await createAdmin(t);
      await t.http().patch(`/api/v1/users/${ada.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      await expectInvalid(await verificationToken(t, ada.email));
      expect(await verifiedAt(ada.id)).toBeNull();
    });

    it('refuses forged, tampered, expired, other-address and access tokens (400), and a verification token is no access token (401)', async () => {
      const ada = await signUpCustomer(t, { http: true, verified: false });
      const token = await verificationToken(t, ada.email);
      const jwt = t.app.get(JwtService);
      const audience = 'ticketing-api:verify-email';
      await expectInvalid('not-a-token');
      await expectInvalid(`${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`);
      const [header, , signature] = token.split('.');
      await expectInvalid(
        `${header}.${b64({ sub: ada.id, email: 'mallory@example.com', aud: audience, iss: 'ticketing-api', exp: 4_102_444_800 })}.${signature}`,
      );
      await expectInvalid(await jwt.signAsync({ sub: ada.id, email: ada.email, exp: Math.floor(Date.now() / 1000) - 5 }, { audience }));
      await expectInvalid(await jwt.signAsync({ sub: ada.id, email: 'someone-else@example.com' }, { audience, expiresIn: 600 }));
      await expectInvalid(ada.accessToken);
      // Signed with our key but naming no user id (a leaked key's probe): refused, not a 500.
      for (const sub of ['not-a-uuid', "' OR 1=1 --", `${ada.id}x`])
        await expectInvalid(await jwt.signAsync({ sub, email: ada.email }, { audience, expiresIn: 600 }));
      const forged = createHmac('sha256', 'not-our-secret')
        .update(`${header}.${b64({ sub: ada.id, email: ada.email, aud: audience, iss: 'ticketing-api', exp: 4_102_444_800 })}`)
        .digest('base64url');
      await expectInvalid(`${header}.${b64({ sub: ada.id, email: ada.email, aud: audience, iss: 'ticketing-api', exp: 4_102_444_800 })}.${forged}`);
      await me(token).expect(401);
      expect(await verifiedAt(ada.id)).toBeNull();
      await verify(token).expect(200);
    });

    it('resend queues a new token; accounts an admin creates are verified already', async () => {
      const ada = await signUpCustomer(t, { http: true, verified: false });
      const first = await verificationToken(t, ada.email);
      await t.http().post('/api/v1/auth/resend-verification').set(ada.auth).expect(202);
      const second = await verificationToken(t, ada.email);
      expect(second).not.toBe(first);
      await verify(second).expect(200);
      await t.http().post('/api/v1/auth/resend-verification').expect(401);

      const scanner = await createUser(t, [Role.Scanner]);
      expect((await me(scanner.accessToken).expect(200)).body.emailVerified).toBe(true);
      expect(await query(t, `SELECT id FROM outbox_messages WHERE "to" = $1`, [scanner.email])).toEqual([]);
    });
  });

  describe('login', () => {
    it('signs in with the right password', async () => {
      const user = await signUpCustomer(t, { http: true });
      const res = await t.http().post('/api/v1/auth/login').send({ email: user.email, password: DEFAULT_PASSWORD }).expect(200);
      expect(res.body.user.id).toBe(user.id);
    });

    it('gives the same 401 for an unknown e-mail and a wrong password, and audits both', async () => {
      const user = await signUpCustomer(t, { http: true });
      const wrong = await t
        .http()
        .post('/api/v1/auth/login')
        .set('User-Agent', 'e2e-test')
        .send({ email: user.email, password: 'wrong password!' })
        .expect(401);
      const unknownEmail = uniqueEmail('nobody');
      const unknown = await t.http().post('/api/v1/auth/login').send({ email: unknownEmail, password: 'wrong password!' }).expect(401);
      const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
      expect(strip(wrong.body)).toEqual(strip(unknown.body));
      expect(wrong.body.code).toBe('invalid_credentials');

      const admin = await createAdmin(t);
      const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'auth.login_failed' }).set(admin.auth).expect(200);
      const emails = audit.body.data.map((e: { details: { email: string } }) => e.details.email);
      expect(emails).toEqual(expect.arrayContaining([user.email, unknownEmail]));
      const entry = audit.body.data.find((e: { details: { email: string } }) => e.details.email === user.email);
      expect(entry).toMatchObject({ actorId: user.id, entityType: 'user', entityId: user.id, ip: expect.any(String), userAgent: 'e2e-test' });
    });
  });

  describe('access tokens', () => {
    it('refuses a missing, tampered, foreign-key, alg:none or expired token with 401', async () => {
      const user = await signUpCustomer(t, { http: true });
      const [header, payload, signature] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());

      const missing = await t.http().get('/api/v1/auth/me').expect(401);
      expect(missing.body.code).toBe('unauthorized');

      const tamperedPayload = b64({ ...claims, roles: ['admin'] });
      await me(`${header}.${tamperedPayload}.${signature}`)
        .expect(401)
        .expect((r) => expect(r.body.code).toBe('invalid_token'));

      const flipped = signature!.slice(0, -2) + (signature!.endsWith('AA') ? 'BB' : 'AA');
      await me(`${header}.${payload}.${flipped}`).expect(401);

      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`;
      await me(unsigned)
        .expect(401)
        .expect((r) => expect(r.body.code).toBe('invalid_token'));

      const otherKey = createHmac('sha256', 'another-secret-that-is-at-least-32-bytes!').update(`${header}.${payload}`).digest('base64url');
      await me(`${header}.${payload}.${otherKey}`).expect(401);

      const expired = await t.app.get(JwtService).signAsync({ sub: claims.sub, ver: claims.ver, roles: claims.roles, exp: Math.floor(Date.now() / 1000) - 60 });
      await me(expired)
        .expect(401)
        .expect((r) => expect(r.body.code).toBe('token_expired'));

      const validButNotOurs = createHmac('sha256', TEST_JWT_SECRET).update('x').digest('base64url');
      await me(`garbage.${validButNotOurs}`).expect(401);
    });

    it('refuses a correctly signed token without an exp claim (it would never expire)', async () => {
      const user = await signUpCustomer(t, { http: true });
      const [header, payload] = user.accessToken.split('.');
      const { exp, ...claims } = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      expect(typeof exp).toBe('number');
      const sign = (body: object) => {
        const text = `${header}.${b64(body)}`;
        return `${text}.${createHmac('sha256', TEST_JWT_SECRET).update(text).digest('base64url')}`;
      };
      await me(sign({ ...claims, exp })).expect(200); // the same claims, re-signed: the forging works
      await me(sign(claims))
        .expect(401)
        .expect((r) => expect(r.body.code).toBe('invalid_token'));
      await me(sign({ ...claims, exp: String(exp) })).expect(401);
    });

    it('refuses a correctly signed token whose sub is not a UUID with 401, not a database error', async () => {
      const user = await signUpCustomer(t, { http: true });
      const [header, payload] = user.accessToken.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const sign = (body: object) => {
        const text = `${header}.${b64(body)}`;
        return `${text}.${createHmac('sha256', TEST_JWT_SECRET).update(text).digest('base64url')}`;
      };
      for (const sub of ['not-a-uuid', "' OR 1=1 --", 42, '', `${user.id}x`]) {
        await me(sign({ ...claims, sub }))
          .expect(401)
          .expect((r) => expect(r.body.code).toBe('invalid_token'));
      }
      await me(sign(claims)).expect(200);
    });

    it('stops a disabled user at once, and works again when re-enabled after signing in', async () => {
      const admin = await createAdmin(t);
      const user = await signUpCustomer(t, { http: true });
      await me(user.accessToken).expect(200);
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ disabled: true }).expect(200);
      await me(user.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: user.email, password: DEFAULT_PASSWORD }).expect(401);
      await t.http().patch(`/api/v1/users/${user.id}`).set(admin.auth).send({ disabled: false }).expect(200);
      const again = await signIn(t, user.email);
      await me(again.accessToken).expect(200);
    });
  });

  describe('hostile bodies', () => {
    it('refuses a body nested 5,000 levels deep with 400 before validation (it overflowed the stack: 500)', async () => {
      const user = await signUpCustomer(t, { http: true });
      const deep = '{"email":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
      const res = await t.http().post('/api/v1/auth/login').set('Content-Type', 'application/json').send(deep).expect(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors[0].message).toMatch(/nested deeper/);
      await t.http().post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password here' }).expect(401);
    });
  });

  describe('refresh tokens', () => {
    it('rotates on every use: the new pair works, the old refresh token does not', async () => {
      const user = await signUpCustomer(t, { http: true });
      const first = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      await me(first.body.accessToken).expect(200);
      const second = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: first.body.refreshToken }).expect(200);
      expect(second.body.user.id).toBe(user.id);
    });

    it('revokes the whole family when a rotated token is reused, and audits it', async () => {
      const user = await signUpCustomer(t, { http: true });
      const rotated = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      const reuse = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      expect(reuse.body.code).toBe('refresh_token_reused');
      // The legitimate holder's newer token died with the family.
      const after = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken }).expect(401);
      expect(after.body.code).toBe('invalid_refresh_token');

      const admin = await createAdmin(t);
      const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'auth.refresh_token_reused', actorId: user.id }).set(admin.auth).expect(200);
      expect(audit.body.data.length).toBeGreaterThanOrEqual(1);
      expect(audit.body.data[0]).toMatchObject({ entityType: 'user', entityId: user.id });
    });

    it('lets exactly one of many concurrent rotations of one token succeed', async () => {
      const user = await signUpCustomer(t, { http: true });
      const results = await Promise.all(Array.from({ length: 10 }, () => t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 401)).toHaveLength(9);
    });

    it('refuses unknown tokens', async () => {
      const res = await t.http().post('/api/v1/auth/refresh').send({ refreshToken: 'not-a-token' }).expect(401);
      expect(res.body.code).toBe('invalid_refresh_token');
    });
  });

  describe('logout and change-password', () => {
    it('logout revokes the given session only', async () => {
      const user = await signUpCustomer(t, { http: true });
      const other = await signIn(t, user.email);
      await t.http().post('/api/v1/auth/logout').set(user.auth).send({ refreshToken: user.refreshToken }).expect(204);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(200);
    });

    it('logout without a token signs out everywhere, access tokens included', async () => {
      const user = await signUpCustomer(t, { http: true });
      const other = await signIn(t, user.email);
      await t.http().post('/api/v1/auth/logout').set(user.auth).send({}).expect(204);
      await me(user.accessToken).expect(401);
      await me(other.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: other.refreshToken }).expect(401);
    });

    it('logout refuses a null token instead of reading it as "everywhere"', async () => {
      const user = await signUpCustomer(t, { http: true });
      const res = await t.http().post('/api/v1/auth/logout').set(user.auth).send({ refreshToken: null }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'refreshToken', message: 'refreshToken must not be null (leave it out instead)' }]);
      await me(user.accessToken).expect(200);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
    });

    it('change-password checks the current password, then revokes every token', async () => {
      const user = await signUpCustomer(t, { http: true });
      const wrong = await t
        .http()
        .post('/api/v1/auth/change-password')
        .set(user.auth)
        .send({ currentPassword: 'nope nope nope', newPassword: 'a brand new passphrase' })
        .expect(400);
      expect(wrong.body.code).toBe('current_password_incorrect');
      await me(user.accessToken).expect(200);
      // A security event: audited, as failed logins are.
      expect(await query(t, `SELECT actor_id FROM audit_logs WHERE action = 'auth.password_change_failed' AND entity_id = $1`, [user.id])).toEqual([
        { actor_id: user.id },
      ]);

      await t
        .http()
        .post('/api/v1/auth/change-password')
        .set(user.auth)
        .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new passphrase' })
        .expect(204);
      await me(user.accessToken).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      await t.http().post('/api/v1/auth/login').send({ email: user.email, password: DEFAULT_PASSWORD }).expect(401);
      await signIn(t, user.email, 'a brand new passphrase');
    });
  });

  it('staff sign-ins are audited', async () => {
    const scanner = await createUser(t, [Role.Scanner]);
    const admin = await createAdmin(t);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'auth.login', actorId: scanner.id }).set(admin.auth).expect(200);
    expect(audit.body.data).toHaveLength(1);
  });
});
