import { randomUUID } from 'node:crypto';
import { Actor, Role } from '@app/shared';
import { AuthService, AuthSession, PasswordHasher, UsersService } from '@app/users';
import { AuthSessionResponseDto } from '../../apps/api/src/auth/dto/auth-session.response.dto.js';
import { NestContainer, query } from '../setup/db.js';
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

function toSignedIn(
  body: { user: { id: string; email: string; name: string; roles: Role[] }; accessToken: string; refreshToken: string },
  password: string,
): SignedInUser {
  return {
    ...body.user,
    password,
    accessToken: body.accessToken,
    refreshToken: body.refreshToken,
    auth: { Authorization: `Bearer ${body.accessToken}` },
  };
}

/**
 * The app's own password hasher, except that {@link DEFAULT_PASSWORD} is hashed once per test file
 * (jest's module registry) and that one hash checked against it once: argon2id costs tens of ms
 * each time, and most fixture users share that password. Any other password, or hash, goes to the
 * real hasher. Only the factories use it; the app keeps its own hasher for every HTTP request.
 */
class OncePerFileHasher implements PasswordHasher {
  private static hash: Promise<string> | undefined;
  private static verified: Promise<boolean> | undefined;

  constructor(private readonly real: PasswordHasher) {}

  hash(password: string): Promise<string> {
    if (password !== DEFAULT_PASSWORD) return this.real.hash(password);
    return (OncePerFileHasher.hash ??= this.real.hash(DEFAULT_PASSWORD));
  }

  async verify(hash: string, password: string): Promise<boolean> {
    if (password !== DEFAULT_PASSWORD || hash !== (await OncePerFileHasher.hash)) return this.real.verify(hash, password);
    return (OncePerFileHasher.verified ??= this.real.verify(hash, password));
  }
}

/** `service` of the app with the hasher swapped for {@link OncePerFileHasher}: the same code and side effects (rows, outbox, audit, tokens), without an argon2 run per user. */
function withCachedHasher<S extends AuthService | UsersService>(t: NestContainer, service: S): S {
  const real = t.app.get(PasswordHasher);
  return Object.create(service, { hasher: { value: new OncePerFileHasher(real) } }) as S;
}

/** A session as the auth endpoints answer it (their DTO, as JSON). */
const overHttp = (session: AuthSession) => ({
  ...(JSON.parse(JSON.stringify(AuthSessionResponseDto.from(session))) as AuthSessionResponseDto),
  refreshToken: session.refreshToken,
});

/**
 * Registers a customer through `AuthService.register` (what POST /auth/register calls: the account,
 * the queued `verify-email` message, a session) and, unless `verified: false`, verifies the e-mail
 * with the token of that message (`AuthService.verifyEmail`, what POST /auth/verify-email calls).
 * `http: true` goes over HTTP instead, for tests about registration itself ({@link signUpCustomerOverHttp}):
 * a TestApp only (the service tier has no HTTP server).
 */
export async function signUpCustomer(
  t: TestApp | NestContainer,
  overrides: { email?: string; password?: string; name?: string; verified?: boolean; http?: boolean } = {},
): Promise<SignedInUser> {
  if (overrides.http) {
    if (!('http' in t)) throw new Error('signUpCustomer: http needs a TestApp');
    return signUpCustomerOverHttp(t, overrides);
  }
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const auth = t.app.get(AuthService);
  const outcome = await withCachedHasher(t, auth).register({
    email: overrides.email ?? uniqueEmail('customer'),
    password,
    name: overrides.name ?? 'Test Customer',
  });
  if (outcome.kind !== 'registered') throw new Error(`signUpCustomer: ${outcome.email} has an account already`);
  const user = toSignedIn(overHttp(outcome.session), password);
  if (overrides.verified !== false) await auth.verifyEmail(await verificationToken(t, user.email));
  return user;
}

/**
 * Registers a customer over HTTP (POST /auth/register) and, unless `verified: false`, verifies the
 * e-mail as its owner would: with the token of the queued `verify-email` message (POST /auth/verify-email).
 */
export async function signUpCustomerOverHttp(
  t: TestApp,
  overrides: { email?: string; password?: string; name?: string; verified?: boolean } = {},
): Promise<SignedInUser> {
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const res = await t
    .http()
    .post('/api/v1/auth/register')
    .send({ email: overrides.email ?? uniqueEmail('customer'), password, name: overrides.name ?? 'Test Customer' })
    .expect(201);
  const user = toSignedIn(res.body, password);
  if (overrides.verified !== false) {
    await t
      .http()
      .post('/api/v1/auth/verify-email')
      .send({ token: await verificationToken(t, user.email) })
      .expect(200);
  }
  return user;
}

/** The token of the newest `verify-email` message queued for `email`. */
export async function verificationToken(t: NestContainer, email: string): Promise<string> {
  const [row] = await query<{ token: string }>(
    t,
    `SELECT data->>'token' AS token FROM outbox_messages WHERE "to" = $1 AND template = 'verify-email' ORDER BY id DESC LIMIT 1`,
    [email],
  );
  if (!row) throw new Error(`no verify-email message for ${email}`);
  return row.token;
}

/** Signs in over HTTP (POST /auth/login). */
export async function signIn(t: TestApp, email: string, password = DEFAULT_PASSWORD): Promise<SignedInUser> {
  const res = await t.http().post('/api/v1/auth/login').send({ email, password }).expect(200);
  return toSignedIn(res.body, password);
}

/**
 * Creates a user with the given roles through the users service (a fixture), then signs in through
 * `AuthService.login` (what POST /auth/login calls, audit included), with the password hashed and
 * checked once per file ({@link OncePerFileHasher}).
 */
export async function createUser(t: NestContainer, roles: Role[], name = `Test ${roles.join('+')}`): Promise<SignedInUser> {
  const email = uniqueEmail(roles.join('-'));
  await withCachedHasher(t, t.app.get(UsersService)).create(null, { email, password: DEFAULT_PASSWORD, name, roles });
  return toSignedIn(overHttp(await withCachedHasher(t, t.app.get(AuthService)).login({ email, password: DEFAULT_PASSWORD })), DEFAULT_PASSWORD);
}

export const createAdmin = (t: NestContainer) => createUser(t, [Role.Admin]);

/** The {@link Actor} a service sees for this user (what the access guard builds for a signed-in request). */
export function actorOf(user: Pick<SignedInUser, 'id' | 'email' | 'name' | 'roles'>): Actor {
  return { userId: user.id, email: user.email, name: user.name, roles: user.roles };
}
