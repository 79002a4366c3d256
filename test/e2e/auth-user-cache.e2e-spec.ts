import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotifiedAuthUserCache, USER_CHANGES_APPLICATION_NAME, USER_CHANGES_CHANNEL, USER_CHANGES_FENCE_CHANNEL } from '@app/infrastructure';
import { AuthUserCache } from '@app/users';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { benchEnv } from '../../bench/lib/env.js';
import { provisionUsers } from '../../bench/lib/provision.js';
import { Replica, startReplica, stopReplica } from '../../bench/lib/replicas.js';
import { startTestApp, TEST_JWT_SECRET, TEST_TICKET_SIGNING_KEY, TestApp } from '../setup/test-app.js';
import { provisionTestDatabase, TestDatabase } from '../setup/test-database.js';

const describeWithServer = process.env.DATABASE_URL ? describe : describe.skip; // two replicas need a database server

/** Polls `predicate` every 2 ms until it holds; fails after `timeoutMs`. */
async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const ms = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Two replicas on one PostgreSQL database: A is the built service in its own process, B runs in
 * this process (so its user cache can be watched). B listens as a role of its own
 * (DATABASE_LISTEN_URL), so a test can keep its listener from reconnecting (NOLOGIN). A change to a user made through A (or in SQL) makes B
 * refuse that user's token on B's very next request; a gap in B's change feed makes B read the
 * database on every request until the feed is back.
 */
describeWithServer('user cache across two replicas (LISTEN/NOTIFY)', () => {
  let database: TestDatabase;
  const listenRole = `user_cache_listener_${randomUUID().slice(0, 8)}`;
  let b: TestApp;
  let a: Replica;
  let cache: NotifiedAuthUserCache;
  let db: Client;
  let admin: { id: string; token: string };
  let dataDir: string;

  beforeAll(async () => {
    database = (await provisionTestDatabase())!;
    db = new Client({ connectionString: database.url });
    await db.connect();
    await db.query(`CREATE ROLE ${listenRole} LOGIN`);
    const listenUrl = new URL(database.url);
    listenUrl.username = listenRole;
    b = await startTestApp({ DATABASE_LISTEN_URL: listenUrl.toString() }, { database });
    const port = b.app.get(AuthUserCache);
    expect(port).toBeInstanceOf(NotifiedAuthUserCache);
    cache = port as NotifiedAuthUserCache;
    dataDir = mkdtempSync(join(tmpdir(), 'user-cache-a-'));
    a = await startReplica('api-a', benchEnv(database.url, { JWT_SECRET: TEST_JWT_SECRET, TICKET_SIGNING_KEY: TEST_TICKET_SIGNING_KEY, DATA_DIR: dataDir }));
    [admin] = await provisionUsers(database.url, 1, ['admin'], TEST_JWT_SECRET);
    await until(() => cache.cache.isLive, 'B listens');
  }, 120_000);

  afterAll(async () => {
    if (a) await stopReplica(a);
    await b?.close();
    await db?.query(`DROP ROLE IF EXISTS ${listenRole}`);
    await db?.end();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const onB = (token: string) => fetch(`${b.url}/api/v1/auth/me`, { headers: { authorization: token } });
  const onA = (path: string, method: string, token: string, body: object) =>
    fetch(`${a.url}/api/v1${path}`, { method, headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  /** Resolves with performance.now() when B drops `key` (or everything); rejects after 2 s. */
  function invalidationOf(key: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`B saw no invalidation of ${key} within 2 s`));
      }, 2000);
      const stop = cache.cache.onInvalidate((k) => {
        if (k !== key && k !== null) return;
        clearTimeout(timer);
        stop();
        resolve(performance.now());
      });
    });
  }

  /** B answers `token` 200 twice, the second time from its cache. */
  async function warm(token: string) {
    expect((await onB(token)).status).toBe(200);
    const hits = cache.cache.stats.hits;
    expect((await onB(token)).status).toBe(200);
    expect(cache.cache.stats.hits).toBe(hits + 1);
  }

  async function expectRefusedOnB(token: string) {
    const res = await onB(token);
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('invalid_token');
  }

  it('a user disabled through A is refused by B on B’s very next request', async () => {
    const users = await provisionUsers(database.url, 20, ['customer'], TEST_JWT_SECRET);
    const lead: number[] = [];
    let servedAfterChange = 0;
    for (const user of users) {
      await warm(user.token);
      const invalidated = invalidationOf(user.id);
      const res = await onA(`/users/${user.id}`, 'PATCH', admin.token, { disabled: true });
      const answered = performance.now();
      expect(res.status).toBe(200);
      const next = await onB(user.token); // no wait: the request right after A's answer
      if (next.status !== 401) servedAfterChange++;
      lead.push(answered - (await invalidated));
    }
    expect(servedAfterChange).toBe(0);
    // How long before A's answer reached its client B had dropped the user (negative: after).
    console.log(`B dropped the user before A's answer arrived by: min ${ms(Math.min(...lead))} ms, median ${ms(percentile(lead, 50))} ms (n=${lead.length})`);
  }, 60_000);

  it('B’s listening backend busy when the change commits (PostgreSQL holds B’s notification until it is idle): A answers only after B dropped the user', async () => {
    const [user] = await provisionUsers(database.url, 1, ['customer'], TEST_JWT_SECRET);
    await warm(user!.token);
    const invalidated = invalidationOf(user!.id);
    // What a replica starved of CPU looks like to the others, made deterministic.
    const busy = (cache as unknown as { client: Client }).client.query('SELECT pg_sleep(0.3)');
    try {
      const res = await onA(`/users/${user!.id}`, 'PATCH', admin.token, { disabled: true });
      const answered = performance.now();
      expect(res.status).toBe(200);
      await expectRefusedOnB(user!.token);
      expect(await invalidated).toBeLessThan(answered);
    } finally {
      await busy;
    }
  }, 30_000);

  it('a listener that never acknowledges (an older release, say) delays a change through A to the 500 ms bound and no longer, A naming it in a warning', async () => {
    const [user] = await provisionUsers(database.url, 1, ['customer'], TEST_JWT_SECRET);
    const silent = new Client({ connectionString: database.url, application_name: USER_CHANGES_APPLICATION_NAME });
    await silent.connect();
    try {
      await silent.query(`LISTEN ${USER_CHANGES_CHANNEL}; LISTEN ${USER_CHANGES_FENCE_CHANNEL}`);
      const { rows } = await silent.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await warm(user!.token);
      const warnings = () =>
        a.output
          .join('')
          .split('\n')
          .filter((line) => line.includes('not acknowledged within'));
      expect(warnings()).toEqual([]); // every change so far was acknowledged by every listener in time
      const started = performance.now();
      const res = await onA(`/users/${user!.id}`, 'PATCH', admin.token, { disabled: true });
      const took = performance.now() - started;
      expect(res.status).toBe(200);
      await expectRefusedOnB(user!.token);
      expect(took).toBeGreaterThanOrEqual(500);
      expect(took).toBeLessThan(5000);
      await until(() => warnings().length === 1, 'A warns');
      expect(warnings()[0]).toContain(`Change of user ${user!.id} not acknowledged within 500 ms by listener(s) ${rows[0]!.pid}: answered anyway`);
    } finally {
      await silent.end();
    }
  }, 30_000);

  it('a password changed through A: B refuses the old token on its next request, and takes the new one', async () => {
    const email = `pw-${randomUUID()}@example.com`;
    const registered = await b.http().post('/api/v1/auth/register').send({ email, password: 'first password 1', name: 'Pat' }).expect(201);
    const oldToken = `Bearer ${registered.body.accessToken as string}`;
    const userId = registered.body.user.id as string;
    await warm(oldToken);
    const invalidated = invalidationOf(userId);
    expect((await onA('/auth/change-password', 'POST', oldToken, { currentPassword: 'first password 1', newPassword: 'second password 2' })).status).toBe(204);
    await expectRefusedOnB(oldToken);
    await invalidated;
    const login = await onA('/auth/login', 'POST', '', { email, password: 'second password 2' });
    expect(login.status).toBe(200);
    const newToken = `Bearer ${(await login.json()).accessToken as string}`;
    await warm(newToken);
    await expectRefusedOnB(oldToken);
  }, 30_000);

  it('notifies a change committed in SQL outside the app, and nothing for a rolled-back change or an unwatched column', async () => {
    const [user] = await provisionUsers(database.url, 1, ['customer'], TEST_JWT_SECRET);
    await warm(user!.token);
    const seen: (string | null)[] = [];
    const stop = cache.cache.onInvalidate((k) => seen.push(k));
    try {
      await db.query('BEGIN');
      await db.query('UPDATE users SET disabled = true, token_version = token_version + 1 WHERE id = $1', [user!.id]);
      await db.query('ROLLBACK');
      await db.query('UPDATE users SET email_verified_at = now() WHERE id = $1', [user!.id]);
      // Notifications arrive in commit order: once B has this one, anything sent before is in.
      const sentinel = `sentinel-${randomUUID()}`;
      const fence = invalidationOf(sentinel);
      await db.query(`SELECT pg_notify('user_changes', $1)`, [sentinel]);
      await fence;
      expect(seen).toEqual([sentinel]);
      const hits = cache.cache.stats.hits;
      expect((await onB(user!.token)).status).toBe(200);
      expect(cache.cache.stats.hits).toBe(hits + 1); // still kept: nothing it depends on changed

      const latency: number[] = [];
      for (const roles of [['customer', 'viewer'], ['customer']]) {
        await warm(user!.token);
        const invalidated = invalidationOf(user!.id);
        await db.query('UPDATE users SET roles = $2::text[] WHERE id = $1', [user!.id, roles]);
        const committed = performance.now();
        latency.push((await invalidated) - committed);
        // The token's roles claim is not what counts: the stored roles are.
        const me = await b.http().get('/api/v1/auth/me').set('authorization', user!.token).expect(200);
        expect(me.body.roles).toEqual(roles);
      }
      const invalidated = invalidationOf(user!.id);
      await db.query('UPDATE users SET disabled = true WHERE id = $1', [user!.id]);
      const committed = performance.now();
      latency.push((await invalidated) - committed);
      await expectRefusedOnB(user!.token);
      console.log(`B dropped the user, relative to the SQL commit's return (negative: before): max ${ms(Math.max(...latency))} ms (n=${latency.length})`);
    } finally {
      stop();
    }
  }, 30_000);

  it('a gap in B’s change feed (its listener terminated, its role unable to log in again) makes B read the database on every request until it listens again', async () => {
    const [user] = await provisionUsers(database.url, 1, ['customer'], TEST_JWT_SECRET);
    await warm(user!.token);
    const pid = cache.listenerPid;
    expect(pid).toEqual(expect.any(Number));
    await db.query(`ALTER ROLE ${listenRole} NOLOGIN`);
    try {
      const { rows } = await db.query<{ ok: boolean }>('SELECT pg_terminate_backend($1) AS ok', [pid]);
      expect(rows[0]!.ok).toBe(true);
      await until(() => !cache.cache.isLive, 'B notices the lost feed');
      expect(cache.cache.size).toBe(0);
      const { hits, bypasses } = cache.cache.stats;
      // The feed is down: a change now reaches B by no notification, yet B sees it at once.
      expect((await onB(user!.token)).status).toBe(200);
      await db.query('UPDATE users SET disabled = true WHERE id = $1', [user!.id]);
      await expectRefusedOnB(user!.token);
      await db.query('UPDATE users SET disabled = false WHERE id = $1', [user!.id]);
      expect((await onB(user!.token)).status).toBe(200);
      expect((await onB(user!.token)).status).toBe(200);
      expect(cache.cache.stats).toMatchObject({ hits, bypasses: bypasses + 4 });
      expect(cache.cache.size).toBe(0);
      expect(cache.cache.isLive).toBe(false); // still refused: the gap held through all of it
    } finally {
      await db.query(`ALTER ROLE ${listenRole} LOGIN`);
    }
    await until(() => cache.cache.isLive, 'B listens again');
    expect(cache.listenerPid).not.toBe(pid);
    await warm(user!.token);
    // And the new listener hears changes.
    const invalidated = invalidationOf(user!.id);
    await db.query('UPDATE users SET disabled = true WHERE id = $1', [user!.id]);
    await invalidated;
    await expectRefusedOnB(user!.token);
  }, 30_000);
});

/** The embedded default (PGlite, one process): the same trigger feeds `pglite.listen`, called before COMMIT returns. */
describe('user cache on the embedded database', () => {
  let t: TestApp;
  let cache: NotifiedAuthUserCache;

  beforeAll(async () => {
    t = await startTestApp({}, { database: null });
    cache = t.app.get(AuthUserCache) as NotifiedAuthUserCache;
  }, 60_000);
  afterAll(() => t?.close());

  it('caches, and refuses a changed user on the next request, changed through the API or in SQL', async () => {
    expect(cache).toBeInstanceOf(NotifiedAuthUserCache);
    expect(cache.cache.isLive).toBe(true);
    const email = `embedded-${randomUUID()}@example.com`;
    const registered = await t.http().post('/api/v1/auth/register').send({ email, password: 'first password 1', name: 'Em' }).expect(201);
    const token = `Bearer ${registered.body.accessToken as string}`;
    const me = () => t.http().get('/api/v1/auth/me').set('authorization', token);
    await me().expect(200);
    const hits = cache.cache.stats.hits;
    await me().expect(200);
    expect(cache.cache.stats.hits).toBe(hits + 1);
    await t.app.get(DataSource).query('UPDATE users SET disabled = true WHERE id = $1', [registered.body.user.id]);
    await me().expect(401);
    await t.app.get(DataSource).query('UPDATE users SET disabled = false WHERE id = $1', [registered.body.user.id]);
    await me().expect(200);
    await me().expect(200);
    await t
      .http()
      .post('/api/v1/auth/change-password')
      .set('authorization', token)
      .send({ currentPassword: 'first password 1', newPassword: 'second password 2' })
      .expect(204);
    await me().expect(401);
  }, 30_000);
});
