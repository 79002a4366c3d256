import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expireHolds } from '../factories/clock.js';
import { book, createEvent } from '../factories/events.js';
import { bookingConfirmedEmail, enqueueEmails } from '../factories/emails.js';
import { createAdmin, signIn, signUpCustomer, uniqueEmail } from '../factories/users.js';
import { cliTestEnv, runCli } from '../setup/cli.js';
import { startTestApp, TestApp } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';
import { MIGRATIONS } from '../../migrations/index.js';
import { scratchDir } from '../setup/embedded-template.js';

/**
 * The built CLI (`npm run cli`), run as a separate process on this file's database: the same
 * account rules as registration for `create-admin`, and no background work (periodic jobs, the
 * outbox worker) in a CLI process, whatever the environment says; `mail:drain` sends explicitly.
 * Needs `npm run build` first.
 */
describe('CLI (e2e, the built dist/apps/api/src/cli.js)', () => {
  let database: TestDatabase | null;
  let dir: string;
  let env: Record<string, string>;
  let t: TestApp | undefined;

  beforeAll(async () => {
    database = await provisionTestDatabase(); // null: an embedded database on disk under `dir`
    dir = scratchDir('ticketing-cli-');
    env = await cliTestEnv(dir, database);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The API on the same database (the embedded one is locked by one process at a time: close before running the CLI). */
  const startApp = async (extra: Record<string, string> = {}) => {
    t = await startTestApp({ ...env, MIGRATIONS_RUN: 'true', JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false', ...extra }, { database });
    return t;
  };
  const stopApp = async () => {
    await t?.close();
    t = undefined;
  };

  const cli = (args: string[], extra: Record<string, string> = {}) => runCli(dir, { ...env, ...extra }, args);

  it('create-admin refuses what registration refuses (e-mail, password length, name), and creates nothing', async () => {
    const email = uniqueEmail('cli-weak');
    const cases: [string[], RegExp][] = [
      [['--email', email, '--password', 'x'], /password/],
      [['--email', email, '--password', 'p'.repeat(129)], /password/],
      [['--email', 'not-an-email', '--password', 'correct horse battery staple'], /email/],
      [['--email', email, '--password', 'correct horse battery staple', '--name', ''], /name/],
    ];
    // Independent refusals (each exits before it opens the database): run side by side.
    const runs = await Promise.all(cases.map(([args]) => cli(['create-admin', ...args])));
    cases.forEach(([args, names], i) => {
      const run = runs[i]!;
      expect({ args, code: run.code }).toEqual({ args, code: 1 });
      expect(run.output).toMatch(names);
      expect(run.output).not.toMatch(/Created admin/);
    });
    const app = await startApp();
    await app.http().post('/api/v1/auth/login').send({ email, password: 'x' }).expect(401);
    await app.http().post('/api/v1/auth/login').send({ email, password: 'correct horse battery staple' }).expect(401);
    await stopApp();
  }, 120_000);

  it('create-admin runs no periodic job and no outbox worker even when enabled; mail:drain sends the due e-mail, still without jobs', async () => {
    // Fixtures: an unpaid booking whose hold has run out (the expire-holds job would expire it) and a queued e-mail.
    const app = await startApp();
    const staff = await createAdmin(app);
    const buyer = await signUpCustomer(app);
    const event = await createEvent(app, staff, { capacity: 5, ticketTypes: [{ price: 1000, quantity: 5 }] });
    const booking = await book(app, buyer, event.id, [{ ticketTypeId: event.ticketTypes[0]!.id, quantity: 1 }]).expect(201);
    const recipient = uniqueEmail('cli-mail');
    await enqueueEmails(app, bookingConfirmedEmail({ to: recipient }));
    expect(await expireHolds(app, event.id, [booking.body.id])).toBe(1); // the hold is over
    await stopApp();

    const background = { JOBS_ENABLED: 'true', JOBS_INTERVAL_SECONDS: '0.1', MAIL_WORKER_ENABLED: 'true', MAIL_POLL_INTERVAL_MS: '10' };
    const email = uniqueEmail('cli-admin');
    const created = await cli(['create-admin', '--email', email.toUpperCase(), '--password', 'correct horse battery staple', '--name', 'Ops'], background);
    expect(created).toEqual({ code: 0, output: expect.stringMatching(new RegExp(`^Created admin ${email} \\(`)) });

    const check = async () => {
      const api = await startApp();
      const admin = await signIn(api, email, 'correct horse battery staple');
      expect(admin).toMatchObject({ name: 'Ops', roles: ['admin'] });
      const stored = (await api.http().get(`/api/v1/bookings/${booking.body.id}`).set(admin.auth).expect(200)).body.status;
      const messages = (await api.http().get('/api/v1/messages').query({ to: recipient }).set(admin.auth).expect(200)).body.data;
      await stopApp();
      return { booking: stored, mail: messages.map((m: { status: string }) => m.status) };
    };
    expect(await check()).toEqual({ booking: 'pending_payment', mail: ['queued'] });

    const drained = await cli(['mail:drain'], background);
    // The queued message and the buyer's verify-email (queued when they registered).
    expect(drained).toEqual({ code: 0, output: expect.stringMatching(/^Sent 2 message\(s\)\./) });
    expect(await check()).toEqual({ booking: 'pending_payment', mail: ['sent'] });
  }, 120_000);

  it('migration:status lists applied and pending migrations, and follows revert and run', async () => {
    const names = MIGRATIONS.map((m) => m.name);
    expect((await cli(['migration:run'])).code).toBe(0);
    const status = async () => {
      const run = await cli(['migration:status']);
      expect(run.code).toBe(0);
      const lines = run.output.trim().split('\n');
      return {
        applied: lines.filter((l) => l.startsWith('applied  ')).map((l) => l.slice(9)),
        pending: lines.filter((l) => l.startsWith('pending  ')).map((l) => l.slice(9)),
        summary: lines[lines.length - 1],
      };
    };
    expect(await status()).toEqual({ applied: names, pending: [], summary: `${names.length} applied, 0 pending.` });

    expect((await cli(['migration:revert'])).code).toBe(0);
    const reverted = await status();
    expect(reverted).toMatchObject({ applied: names.slice(0, -1), pending: names.slice(-1) });
    expect(reverted.summary).toMatch(new RegExp(`^${names.length - 1} applied, 1 pending\\. Run \`npm run migration:run\``));

    expect((await cli(['migration:run'])).output).toContain(`Applied: ${names[names.length - 1]}`);
    expect((await status()).pending).toEqual([]);
  }, 120_000);

  it('schema:types writes the committed row types from the migrated schema, and migration:check finds no drift', async () => {
    const out = join(dir, 'schema.ts');
    // Independent (each migrates a throw-away in-memory database, or finds the file's one migrated): side by side.
    const [written, check] = await Promise.all([cli(['schema:types', '--out', out]), cli(['migration:check'])]);
    expect(written).toEqual({ code: 0, output: expect.stringContaining(`Wrote ${out}`) });
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(resolve('libs/infrastructure/src/persistence/schema.ts'), 'utf8'));

    expect(check).toEqual({
      code: 0,
      output: expect.stringContaining('Schema drift check: libs/infrastructure/src/persistence/schema.ts matches the migrated schema.'),
    });
  }, 120_000);
});
