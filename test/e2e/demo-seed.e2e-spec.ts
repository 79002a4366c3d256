import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliTestEnv, runCli } from '../setup/cli.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';
import { scratchDir } from '../setup/embedded-template.js';

interface Account {
  role: string;
  email: string;
  password: string;
}

/** The accounts table the CLI prints: `  <role>  <name…>  <email>  <password>`. */
function printedAccounts(output: string): Account[] {
  return [...output.matchAll(/^ {2}(admin|viewer|scanner|customer) +.+? +(\S+@demo\.example) +(\S+)$/gm)].map(([, role, email, password]) => ({
    role: role!,
    email: email!,
    password: password!,
  }));
}

/** Hour and minute in Lagos (UTC+1, no daylight saving) as minutes after midnight, and the Lagos date. */
function lagosClock(iso: string): { day: string; minutes: number } {
  const local = new Date(new Date(iso).getTime() + 3_600_000);
  return { day: local.toISOString().slice(0, 10), minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

/**
 * `seed:demo` of the built CLI (`npm run cli -- seed:demo`) on this file's database, then read back
 * over HTTP by the real app: every state the demo promises, the printed accounts signing in with
 * their roles, and the refusal on a database that has events (unless --force). Needs `npm run build`.
 */
describe('seed:demo (e2e, the built dist/apps/api/src/cli.js)', () => {
  let database: TestDatabase | null;
  let dir: string;
  let env: Record<string, string>;
  let t: TestApp | undefined;
  let accounts: Account[] = [];

  beforeAll(async () => {
    database = await provisionTestDatabase(); // null: an embedded database on disk under `dir`
    dir = scratchDir('ticketing-demo-');
    env = await cliTestEnv(dir, database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The API on the same database (the embedded one is locked by one process at a time: stop it before the CLI runs). */
  const startApp = async () => {
    // The CLI's DATA_DIR too: the uploaded proofs are files there.
    t = await startTestApp({ ...env, DATA_DIR: join(dir, 'data'), MIGRATIONS_RUN: 'true', JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' }, { database });
    return t;
  };
  const stopApp = async () => {
    await t?.close();
    t = undefined;
  };

  const cli = (args: string[]) => runCli(dir, env, args);

  /** GET `path` (relative to /api/v1) expecting `status`; a failure names the path. */
  const get = async (app: TestApp, auth: Record<string, string>, path: string, status = 200) => {
    const res = await app.http().get(`/api/v1/${path}`).set(auth);
    expect({ path, status: res.status }).toEqual({ path, status });
    return res;
  };
  const signIn = async (app: TestApp, account: Account) => {
    const res = await app.http().post('/api/v1/auth/login').send({ email: account.email, password: account.password });
    expect({ email: account.email, status: res.status }).toEqual({ email: account.email, status: 200 });
    return { roles: res.body.user.roles as string[], auth: { Authorization: `Bearer ${res.body.accessToken}` } };
  };
  const list = async (app: TestApp, auth: Record<string, string>, path: string, query: Record<string, string> = {}) => {
    const res = await app
      .http()
      .get(`/api/v1/${path}`)
      .query({ limit: 100, ...query })
      .set(auth);
    expect({ path, query, status: res.status }).toEqual({ path, query, status: 200 });
    return res.body.data as Record<string, unknown>[];
  };

  it('fills an empty database: events, bookings, payments, refunds and transfers in every state, an evening of check-ins, and accounts that sign in', async () => {
    const run = await cli(['seed:demo']);
    expect({ code: run.code, output: run.output }).toEqual({ code: 0, output: expect.stringContaining('passwords are shown this once') });
    accounts = printedAccounts(run.output);
    expect(accounts.map((a) => a.role).sort()).toEqual([
      'admin',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
      'customer',
      'scanner',
      'scanner',
      'viewer',
    ]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(accounts.length);

    const app = await startApp();
    // Independent sign-ins (an argon2 check each): side by side.
    const roles = await Promise.all(accounts.map(async (account) => ({ email: account.email, roles: (await signIn(app, account)).roles })));
    expect(roles).toEqual(accounts.map((account) => ({ email: account.email, roles: [account.role] })));
    const { auth: admin } = await signIn(
      app,
      accounts.find((a) => a.role === 'admin')!,
    );

    const events = await list(app, admin, 'events');
    const byStatus = (status: string) => events.filter((e) => e.status === status);
    expect({
      draft: byStatus('draft').length,
      published: byStatus('published').length,
      completed: byStatus('completed').length,
      cancelled: byStatus('cancelled').length,
    }).toEqual({
      draft: 2,
      published: 3,
      completed: 1,
      cancelled: 1,
    });
    // Published: on sale, and one sold out.
    const published = await Promise.all(byStatus('published').map(async (e) => (await get(app, {}, `events/${e.id}`)).body));
    expect(published.filter((e) => e.available === 0).map((e) => e.title)).toEqual(['Afrobeats Rooftop Party']);
    expect(published.filter((e) => e.available > 0 && e.ticketTypes.some((tt: { available: number }) => tt.available > 0))).toHaveLength(2);

    for (const status of ['pending_payment', 'confirmed', 'cancelled', 'expired', 'partially_refunded', 'refunded']) {
      expect({ status, some: (await list(app, admin, 'bookings', { status })).length > 0 }).toEqual({ status, some: true });
    }
    const review = await list(app, admin, 'payments', { status: 'awaiting_review' });
    expect(review.length).toBeGreaterThanOrEqual(2);
    expect(review.every((p) => p.provider === 'manual')).toBe(true);
    const proof = await get(app, admin, `payments/${review[0]!.id}/proof`);
    expect(proof.headers['content-type']).toMatch(/^image\/png/);
    expect((await list(app, admin, 'payments', { status: 'failed' })).length).toBeGreaterThan(0);

    const refunds = await list(app, admin, 'refunds');
    expect(refunds.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
    expect(refunds.filter((r) => r.status === 'completed' && r.kind === 'request').length).toBeGreaterThan(0);
    expect(refunds.filter((r) => r.status === 'completed' && r.kind === 'event_cancelled').length).toBeGreaterThan(0);
    const transfers = await list(app, admin, 'transfers');
    expect(transfers.filter((r) => r.status === 'pending').length).toBeGreaterThan(0);
    expect(transfers.filter((r) => r.status === 'accepted').length).toBeGreaterThan(0);

    // The completed event: check-ins between 18:00 and 22:00 (Lagos) of one evening in the past.
    const past = byStatus('completed')[0]!;
    expect(new Date(past.endsAt as string).getTime()).toBeLessThan(Date.now());
    const scans = await list(app, admin, `events/${past.id}/check-ins`);
    const ok = scans.filter((s) => s.result === 'ok');
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(scans.some((s) => s.result === 'already_checked_in')).toBe(true);
    const clocks = scans.map((s) => lagosClock(s.scannedAt as string));
    expect(new Set(clocks.map((c) => c.day))).toEqual(new Set([lagosClock(past.startsAt as string).day]));
    expect(clocks.every((c) => c.minutes >= 18 * 60 && c.minutes <= 22 * 60)).toBe(true);
    expect(new Set(scans.map((s) => s.gate)).size).toBe(2);
    const { auth: scanner } = await signIn(
      app,
      accounts.find((a) => a.role === 'scanner')!,
    );
    const attendance = (await get(app, scanner, `events/${past.id}/attendance`)).body;
    expect(attendance.checkedIn).toBe(ok.length);
    expect(attendance.notYetIn).toBeGreaterThan(0);
    expect(attendance.byHour.length).toBeGreaterThanOrEqual(3);

    // Roles as the contract says: the viewer reads and changes nothing; a customer sees their own.
    const { auth: viewer } = await signIn(
      app,
      accounts.find((a) => a.role === 'viewer')!,
    );
    expect((await list(app, viewer, 'bookings')).length).toBeGreaterThan(10);
    await app.http().post(`/api/v1/events/${events[0]!.id}/publish`).set(viewer).expect(403);
    const ada = accounts.find((a) => a.email === 'ada.customer@demo.example')!;
    const { auth: customer } = await signIn(app, ada);
    const own = await list(app, customer, 'bookings');
    expect(own.length).toBeGreaterThan(0);
    expect(new Set(own.map((b) => b.userId)).size).toBe(1);
    await stopApp();
  }, 240_000);

  it('refuses a second run on a database with events (exit 1, nothing changed); --force adds another set with new accounts', async () => {
    const counts = async () => {
      const app = await startApp();
      const { auth } = await signIn(
        app,
        accounts.find((a) => a.role === 'admin')!,
      );
      const result = {
        events: (await list(app, auth, 'events')).length,
        users: (await list(app, auth, 'users')).length,
        bookings: (await list(app, auth, 'bookings')).length,
      };
      await stopApp();
      return result;
    };
    const before = await counts();
    expect(before).toMatchObject({ events: 7, users: 12 });

    const refused = await cli(['seed:demo']);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/already has 7 event\(s\).*--force/);
    expect(refused.output).not.toMatch(/passwords are shown/);
    expect(await counts()).toEqual(before);

    const forced = await cli(['seed:demo', '--force']);
    expect({ code: forced.code, output: forced.output }).toEqual({
      code: 0,
      output: expect.stringContaining('events: cancelled 2, completed 2, draft 4, published 6'),
    });
    const second = printedAccounts(forced.output);
    expect(second).toHaveLength(12);
    expect(second.every((a) => /\+2@demo\.example$/.test(a.email))).toBe(true);
    expect(await counts()).toEqual({ events: 14, users: 24, bookings: before.bookings * 2 });
    const app = await startApp();
    const secondRoles = await Promise.all(second.map(async (account) => ({ email: account.email, roles: (await signIn(app, account)).roles })));
    expect(secondRoles).toEqual(second.map((account) => ({ email: account.email, roles: [account.role] })));
    await stopApp();
  }, 300_000);
});
