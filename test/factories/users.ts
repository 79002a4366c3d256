import { randomUUID } from 'node:crypto';
import { Role } from '@app/shared';
import { UsersService } from '@app/users';
import { query } from '../setup/db.js';
import type { TestApp } from '../setup/test-app.js';

export interface SignedInUser {
  id: string;
  email: string;
  password: string;
  name: string;
  roles: Role[];
  accessToken: string;
  refreshToken: string;
  /** `{ Authorization: 'Bearer …' }` */
  auth: { Authorization: string };
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomUUID().slice(0, 12)}@example.com`;
}

export const DEFAULT_PASSWORD = 'correct horse battery staple';

function toSignedIn(body: { user: { id: string; email: string; name: string; roles: Role[] }; accessToken: string; refreshToken: string }, password: string): SignedInUser {
  return {
    ...body.user,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/**
 * Registers a customer over HTTP (POST /auth/register) and, unless `verified: false`, verifies the
 * e-mail as its owner would: with the token of the queued `verify-email` message (POST /auth/verify-email).
 */
export async function signUpCustomer(t: TestApp, overrides: { email?: string; password?: string; name?: string; verified?: boolean } = {}): Promise<SignedInUser> {
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const res = await t
    .http()
    .post('/api/v1/auth/register')
    .send({ email: overrides.email ?? uniqueEmail('customer'), password, name: overrides.name ?? 'Test Customer' })
    .expect(201);
  const user = toSignedIn(res.body, password);
  if (overrides.verified !== false) {
    await t.http().post('/api/v1/auth/verify-email').send({ token: await verificationToken(t, user.email) }).expect(200);
  }
  return user;
}

/** The token of the newest `verify-email` message queued for `email`. */
export async function verificationToken(t: TestApp, email: string): Promise<string> {
  const [row] = await query<{ token: string }>(t, `SELECT data->>'token' AS token FROM outbox_messages WHERE "to" = $1 AND template = 'verify-email' ORDER BY id DESC LIMIT 1`, [email]);
  if (!row) throw new Error(`no verify-email message for ${email}`);
  return row.token;
}

/** Signs in over HTTP (POST /auth/login). */
export async function signIn(t: TestApp, email: string, password = DEFAULT_PASSWORD): Promise<SignedInUser> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return toSignedIn(res.body, password);
}

/** Creates a user with the given roles directly through the users service (a fixture), then signs in over HTTP. */
export async function createUser(t: TestApp, roles: Role[], name = `Test ${roles.join('+')}`): Promise<SignedInUser> {
  const email = uniqueEmail(roles.join('-'));
  await t.app.get(UsersService).create(null, { email, password: DEFAULT_PASSWORD, name, roles });
  return signIn(t, email);
}

export const createAdmin = (t: TestApp) => createUser(t, [Role.Admin]);
