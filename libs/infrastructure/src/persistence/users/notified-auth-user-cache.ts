import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuthUser, AuthUserCache } from '@app/users';
import { Client, Notification } from 'pg';
import { InvalidatedCache } from './invalidated-cache.js';
import type { EmbeddedPostgres } from '../embedded-postgres.js';

/**
 * The channel the `users_notify_change` trigger (migration UserChangeNotify1796299000000) notifies:
 * the payload is the changed or deleted user's id, or `*` after a TRUNCATE (every user).
 */
export const USER_CHANGES_CHANNEL = 'user_changes';

/** `application_name` of the listening connection (so an operator, or a test, can find it in pg_stat_activity; so does {@link NotifiedAuthUserCache.propagated}). */
export const USER_CHANGES_APPLICATION_NAME = 'ticketing-api:user-changes';

/**
 * The channel a replica that changed users notifies after the commit (payload: a fence id of its
 * own): every listener hears it after every notification committed before it.
 */
export const USER_CHANGES_FENCE_CHANNEL = 'user_changes_fence';

/** The channel each listener answers another replica's fence on (payload: the fence id; the sender's backend pid says who). */
export const USER_CHANGES_ACK_CHANNEL = 'user_changes_ack';

/** Default of {@link NotifiedAuthUserCacheOptions.propagationWaitMs}. */
const PROPAGATION_WAIT_MS = 500;
/** Most users with changes awaiting {@link NotifiedAuthUserCache.propagated} at once (past it, those waits are skipped). */
const MAX_CHANGING = 10_000;

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
  /** Longest a changing request waits for every listener's acknowledgement, in ms. Default 500. */
  propagationWaitMs?: number;
}

/** Where the change feed comes from: a PostgreSQL server's URL, or the embedded database. */
export type UserChangeSource = { url: string } | { embedded: EmbeddedPostgres };

/** A fence this process sent, until every listener but its own acknowledged it (see {@link NotifiedAuthUserCache.propagated}). */
interface Fence {
  /** Our own listener heard it: this process dropped everything committed before it. */
  heard: boolean;
  /** Backend pids of the listeners that acknowledged it. */
  acked: Set<number>;
  /** Backend pids of the other listeners when it was sent; null until that query answers. */
  awaited: number[] | null;
  /** Called when the above says done (or the feed is lost). */
  done: () => void;
}

/**
 * The users that access tokens resolve to, kept in memory and dropped the moment PostgreSQL says
 * they changed: a trigger on `users` sends `NOTIFY user_changes, '<id>'` in the transaction of
 * every change of e-mail, name, roles, disabled, password hash or token version, and of every
 * delete, so a rolled-back change notifies nothing and a committed one always does; PostgreSQL
 * delivers it to every listening replica right after the commit.
 *
 * On a PostgreSQL server the feed is one dedicated connection (not from the pool) that runs
 * `LISTEN user_changes` (and the fence and ack channels below), with TCP keep-alive and a
 * `SELECT 1` heartbeat. Until LISTEN is in place (start), and from the moment that connection errs,
 * ends or misses a heartbeat until a new one listens again (reconnect with backoff), the cache is
 * suspended: emptied and bypassed, every request reading the database, so no answer kept across a
 * gap in the feed is ever trusted.
 *
 * What "at once" means here: a change answered by this replica is refused by every replica on its
 * next request, or the answer waited `propagationWaitMs` (500 ms) first. The changing replica drops
 * the user itself right after its statement ({@link forget}); after the commit ({@link propagated})
 * it sends, on its listening connection, `pg_notify('user_changes_fence', '<fence id>')` and reads
 * in the same statement the backend pids of the other listening connections of this database
 * (`application_name` {@link USER_CHANGES_APPLICATION_NAME} in pg_stat_activity, which every role
 * may read). PostgreSQL delivers notifications to each listener in commit order, so a listener that
 * hears the fence has already dropped the changed user; it then answers
 * `pg_notify('user_changes_ack', '<fence id>')`, and the change is answered once this replica's own
 * listener heard the fence and every listener read acknowledged it (a listener that connects after
 * that read starts with an empty cache, after the commit).
 *
 * The bound is what is left unguaranteed. A listener that does not acknowledge (dead, partitioned,
 * connected but not yet listening, an older release) delays changes to it and this replica warns
 * with its pid; one partitioned from the database yet still serving keeps its answers until its
 * heartbeat fails (at most twice `heartbeatMs`; the TTL is the backstop). While this replica's own
 * feed is down it answers without waiting (it cannot hear acknowledgements; the others still get
 * the notification). Requests that change no user pay nothing; a change pays one statement on the
 * listening connection, and a notification and an acknowledgement per listener (about 1 ms).
 *
 * On the embedded database (PGlite: one process owns it, every change goes through it) the feed is
 * `pglite.listen`, which PGlite calls before the changing statement's COMMIT returns (so there is
 * nothing to wait for); it never disconnects.
 */
export class NotifiedAuthUserCache extends AuthUserCache implements OnModuleInit, OnModuleDestroy {
  readonly cache: InvalidatedCache<AuthUser>;
  private readonly logger = new Logger('AuthUserCache');
  private readonly heartbeatMs: number;
  private readonly maxReconnectDelayMs: number;
  private readonly propagationWaitMs: number;
  private stopped = false;
  private client: Client | null = null;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private loop: Promise<void> | null = null;
  /** Per user, changes this process made ({@link forget}) whose {@link propagated} has not run (rolled-back ones stay: bounded). */
  private readonly changing = new Map<string, number>();
  /** Fences sent and not yet acknowledged by all, by fence id. */
  private readonly fences = new Map<string, Fence>();
  private fenceCount = 0;
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
    this.propagationWaitMs = options.propagationWaitMs ?? PROPAGATION_WAIT_MS;
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
    if ('embedded' in this.source) return; // heard before COMMIT returns: nothing to wait for
    if (this.changing.size >= MAX_CHANGING && !this.changing.has(id)) this.changing.clear();
    this.changing.set(id, (this.changing.get(id) ?? 0) + 1);
  }

  /**
   * Resolves once every listener on the database heard everything committed before now (see the
   * class docstring), at once when this process changed no `id` or does not listen, after
   * `propagationWaitMs` at most. Never throws.
   */
  async propagated(id: string): Promise<void> {
    const changes = this.changing.get(id);
    if (!changes) return; // nothing of ours changed it (or never committed)
    if (changes > 1) this.changing.set(id, changes - 1);
    else this.changing.delete(id);
    const client = this.client;
    if (!client || !this.cache.isLive) return;
    const fenceId = `${this.listenerPid}:${++this.fenceCount}`;
    let timer: NodeJS.Timeout | undefined;
    let fence!: Fence;
    const done = new Promise<boolean>((resolve) => {
      fence = { heard: false, acked: new Set(), awaited: null, done: () => resolve(true) };
      timer = setTimeout(() => resolve(false), this.propagationWaitMs).unref();
    });
    this.fences.set(fenceId, fence);
    client
      .query<{ listeners: number[] }>(
        `SELECT pg_notify($1, $2), array(SELECT pid FROM pg_stat_activity
                                          WHERE datname = current_database() AND application_name = $3 AND pid <> pg_backend_pid()) AS listeners`,
        [USER_CHANGES_FENCE_CHANNEL, fenceId, USER_CHANGES_APPLICATION_NAME],
      )
      .then(
        ({ rows }) => {
          fence.awaited = rows[0]!.listeners;
          this.settleIfDone(fence);
        },
        () => fence.done(), // the connection is failing: the feed loop takes over
      );
    const acknowledged = await done;
    clearTimeout(timer);
    this.fences.delete(fenceId);
    if (!acknowledged && this.client === client) {
      const missing = fence.awaited?.filter((pid) => !fence.acked.has(pid));
      this.logger.warn(
        `Change of user ${id} not acknowledged within ${this.propagationWaitMs} ms ${fence.heard ? '' : '(not even by this replica) '}by listener(s) ${missing?.join(', ') ?? '(list unread)'}: answered anyway`,
      );
    }
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
  }

  /** One notification on the listening connection `client` (its backend pid `pid`). */
  private notified(client: Client, pid: number | null, { channel, payload = '', processId }: Notification): void {
    if (channel === USER_CHANGES_CHANNEL) return this.changed(payload || '*');
    if (channel === USER_CHANGES_FENCE_CHANNEL) {
      if (processId !== pid) {
        // Everything committed before the fence was handled above: say so to its sender.
        void client.query('SELECT pg_notify($1, $2)', [USER_CHANGES_ACK_CHANNEL, payload]).catch(() => undefined);
        return;
      }
      const fence = this.fences.get(payload);
      if (fence) {
        fence.heard = true;
        this.settleIfDone(fence);
      }
      return;
    }
    if (channel === USER_CHANGES_ACK_CHANNEL) {
      const fence = this.fences.get(payload);
      if (!fence) return; // another replica's fence, or ours after the bound
      fence.acked.add(processId);
      this.settleIfDone(fence);
    }
  }

  private settleIfDone(fence: Fence): void {
    if (fence.heard && fence.awaited?.every((pid) => fence.acked.has(pid))) fence.done();
  }

  /** Releases every {@link propagated} wait (the feed is lost: no acknowledgement can be heard). */
  private settleFences(): void {
    for (const fence of this.fences.values()) fence.done();
    this.fences.clear();
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
      let pid: number | null = null;
      client.on('notification', (message) => this.notified(client, pid, message));
      let reason: string;
      try {
        await client.connect();
        await client.query(`LISTEN ${USER_CHANGES_CHANNEL}; LISTEN ${USER_CHANGES_FENCE_CHANNEL}; LISTEN ${USER_CHANGES_ACK_CHANNEL}`);
        const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        pid = this.listenerPid = rows[0]!.pid;
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
      this.settleFences();
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
