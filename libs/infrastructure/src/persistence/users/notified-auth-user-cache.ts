import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuthUser, AuthUserCache } from '@app/users';
import { Client } from 'pg';
import { InvalidatedCache } from './invalidated-cache.js';
import type { EmbeddedPostgres } from '../embedded-postgres.js';

/**
 * The channel the `users_notify_change` trigger (migration UserChangeNotify1796299000000) notifies:
 * the payload is the changed or deleted user's id, or `*` after a TRUNCATE (every user).
 */
export const USER_CHANGES_CHANNEL = 'user_changes';

/** `application_name` of the listening connection (so an operator, or a test, can find it in pg_stat_activity). */
export const USER_CHANGES_APPLICATION_NAME = 'ticketing-api:user-changes';

/** Longest a changing request waits to hear its own change's notification, in ms. */
const PROPAGATION_WAIT_MS = 500;
/** Most changes awaiting their notification at once (past it all are released). */
const MAX_EXPECTED = 10_000;

/** Limits and timings of the {@link NotifiedAuthUserCache}. */
export interface NotifiedAuthUserCacheOptions {
  /** At most this many users kept (least recently used go first). */
  maxEntries: number;
  /** A kept user is trusted at most this long, in seconds: a backstop, the notification is the rule. */
  ttlSeconds: number;
  /** Every this many ms the listening connection runs `SELECT 1`; no answer within as long again ends it (a silent network loss). Default 5000. */
  heartbeatMs?: number;
  /** The listening connection's PostgreSQL URL when not the pool's (e.g. the pool goes through a transaction-pooling PgBouncer). */
  listenUrl?: string;
  /** Longest wait between reconnection attempts, in ms (doubling from 100). Default 5000. */
  maxReconnectDelayMs?: number;
}

/** Where the change feed comes from: a PostgreSQL server's URL, or the embedded database. */
export type UserChangeSource = { url: string } | { embedded: EmbeddedPostgres };

/**
 * The users that access tokens resolve to, kept in memory and dropped the moment PostgreSQL says
 * they changed: a trigger on `users` sends `NOTIFY user_changes, '<id>'` in the transaction of
 * every change of e-mail, name, roles, disabled, password hash or token version, and of every
 * delete, so a rolled-back change notifies nothing and a committed one always does; PostgreSQL
 * delivers it to every listening replica right after the commit.
 *
 * On a PostgreSQL server the feed is one dedicated connection (not from the pool) that runs
 * `LISTEN user_changes`, with TCP keep-alive and a `SELECT 1` heartbeat. Until LISTEN is in place
 * (start), and from the moment that connection errs, ends or misses a heartbeat until a new one
 * listens again (reconnect with backoff), the cache is suspended: emptied and bypassed, every
 * request reading the database, so no answer kept across a gap in the feed is ever trusted.
 *
 * On the embedded database (PGlite: one process owns it, every change goes through it) the feed is
 * `pglite.listen`, which PGlite calls before the changing statement's COMMIT returns; it never
 * disconnects.
 *
 * What "at once" means here. The changing replica drops the user itself right after its
 * statement ({@link forget}), and answers only after its own listener heard the notification
 * ({@link propagated}, at most 500 ms): PostgreSQL signals every listener at the same commit, so by
 * the time the change's answer reaches its client the other replicas have heard it too (measured
 * in test/e2e/auth-user-cache.e2e-spec.ts: B drops the user a median 0.6-1.5 ms before A's answer
 * arrives, on a heavily loaded machine at worst 2.2 ms after it; the notification follows a commit
 * by well under a millisecond). That is a measured margin, not a guarantee: a replica starved of
 * CPU for longer could serve one request on the old answer. The TTL bounds how long anything missed could survive (only possible if a connection
 * died silently between two heartbeats).
 */
export class NotifiedAuthUserCache extends AuthUserCache implements OnModuleInit, OnModuleDestroy {
  readonly cache: InvalidatedCache<AuthUser>;
  private readonly logger = new Logger('AuthUserCache');
  private readonly heartbeatMs: number;
  private readonly maxReconnectDelayMs: number;
  private stopped = false;
  private client: Client | null = null;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private loop: Promise<void> | null = null;
  /** Changes this process made whose notification it has not heard yet (see {@link propagated}). */
  private readonly expected = new Map<string, { promise: Promise<void>; heard: () => void }>();
  /** Backend pid of the listening connection while it listens (PostgreSQL server only). */
  listenerPid: number | null = null;

  constructor(
    private readonly source: UserChangeSource,
    options: NotifiedAuthUserCacheOptions,
  ) {
    super();
    this.cache = new InvalidatedCache<AuthUser>({ maxEntries: options.maxEntries, ttlMs: options.ttlSeconds * 1000 });
    this.heartbeatMs = options.heartbeatMs ?? 5000;
    this.maxReconnectDelayMs = options.maxReconnectDelayMs ?? 5000;
  }

  read(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null> {
    return this.cache.read(id, load);
  }

  refresh(id: string, load: (id: string) => Promise<AuthUser | null>): Promise<AuthUser | null> {
    this.cache.invalidate(id);
    return this.cache.read(id, load);
  }

  forget(id: string): void {
    this.cache.invalidate(id);
    if (!this.cache.isLive || this.expected.has(id)) return;
    // Changes rolled back leave their expectation behind: bounded, and dropped on a gap.
    if (this.expected.size >= MAX_EXPECTED) this.settleExpected();
    let heard!: () => void;
    const promise = new Promise<void>((resolve) => (heard = resolve));
    this.expected.set(id, { promise, heard });
  }

  async propagated(id: string): Promise<void> {
    const expected = this.expected.get(id);
    if (!expected) return; // heard already, or nothing listening
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([expected.promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, PROPAGATION_WAIT_MS).unref()))]);
    clearTimeout(timer);
    if (this.expected.get(id) === expected) this.expected.delete(id);
  }

  /** Starts the feed: on the embedded database it listens before returning; on a server it connects in the background (reads pass through until then). */
  async onModuleInit(): Promise<void> {
    if ('embedded' in this.source) {
      this.unlisten = await this.source.embedded.pglite.listen(USER_CHANGES_CHANNEL, (payload) => this.changed(payload));
      this.cache.resume();
      return;
    }
    this.loop = this.listenLoop(this.source.url);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.cache.suspend();
    this.wake?.();
    await this.client?.end().catch(() => undefined);
    await this.loop;
    await this.unlisten?.().catch(() => undefined);
  }

  private changed(payload: string): void {
    this.cache.invalidate(payload === '*' ? null : payload);
    if (payload === '*') return this.settleExpected();
    const expected = this.expected.get(payload);
    if (!expected) return;
    this.expected.delete(payload);
    expected.heard();
  }

  /** Releases every {@link propagated} wait (the feed is lost, or too many changes were never committed). */
  private settleExpected(): void {
    for (const { heard } of this.expected.values()) heard();
    this.expected.clear();
  }

  private async listenLoop(url: string): Promise<void> {
    let delay = 100;
    while (!this.stopped) {
      const client = new Client({ connectionString: url, application_name: USER_CHANGES_APPLICATION_NAME, keepAlive: true, connectionTimeoutMillis: 5000 });
      this.client = client;
      const lost = new Promise<string>((resolve) => {
        client.on('error', (error) => resolve(error.message));
        client.on('end', () => resolve('connection ended'));
      });
      client.on('notification', (message) => this.changed(message.payload ?? '*'));
      let reason: string;
      try {
        await client.connect();
        await client.query(`LISTEN ${USER_CHANGES_CHANNEL}`);
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        this.listenerPid = rows[0]!.pid;
        // Every change committed from here on is notified to us: kept answers can be trusted again.
        if (!this.stopped) this.cache.resume();
        if (delay > 100) this.logger.log('Listening for user changes again: user cache on');
        delay = 100;
        reason = await Promise.race([lost, this.heartbeat(client)]);
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      // Changes may go unseen from now on: forget and bypass until listening again.
      this.cache.suspend();
      this.settleExpected();
      this.listenerPid = null;
      this.client = null;
      void client.end().catch(() => undefined);
      if (this.stopped) break;
      this.logger.warn(`User change feed lost (${reason}): user cache off, reconnecting in ${delay} ms`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, delay).unref();
      });
      this.wake = null;
      delay = Math.min(delay * 2, this.maxReconnectDelayMs);
    }
  }

  /** Resolves (with why) when the connection stops answering `SELECT 1` within `heartbeatMs`. */
  private async heartbeat(client: Client): Promise<string> {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, this.heartbeatMs).unref());
      if (this.stopped || this.client !== client) return 'stopped';
      let timer: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        client.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.heartbeatMs).unref())),
      ]);
      clearTimeout(timer);
      if (!answered) return 'heartbeat unanswered';
    }
  }
}
