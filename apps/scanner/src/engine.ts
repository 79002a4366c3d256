import { Api, ApiError, OfflineError } from './api.js';
import { Ed25519Verifier, base64urlDecode } from './crypto.js';
import {
  applyDecision,
  decide,
  reconcile,
  ticketAfterResponse,
  type Decision,
  type Direction,
  type FeedEvent,
  type FeedState,
  type FeedTicket,
  type HistoryEntry,
  type ScanResponse,
} from './decide.js';
import type { QueuedScan, Session, Store, StoredKey } from './store.js';

/** How often deltas are polled and the queue is sent (ms). */
export const POLL_MS = 5000;
/** How long a scan made before the first feed arrived waits for it (ms). */
const FIRST_FEED_WAIT_MS = 5000;
/** Scans per `POST /check-ins/batch` (the service takes at most 500). */
const BATCH = 200;

interface FeedPage {
  eventId: string;
  event: FeedEvent;
  keys: StoredKey[];
  tickets: FeedTicket[];
  nextCursor: string;
  hasMore: boolean;
  serverTime: string;
}

/** What the status bar shows. */
export interface EngineStatus {
  online: boolean;
  /** The first full download is still running. */
  loading: boolean;
  tickets: number;
  queued: number;
  lastSyncedAt: string | null;
  scannedCount: number;
  /** Inside now: the service's attendance when online and nothing is queued, else the local count. */
  inside: number;
  insideSource: 'server' | 'local';
  /** The service answered 401: the device was revoked (or the session ended). */
  refused: null | { code: string | null; message: string };
}

/**
 * The offline-first core: the feed in memory (mirrored in IndexedDB), local decisions, the queue,
 * and the sync loop (feed deltas, `POST /check-ins/batch`, attendance). The UI only calls
 * {@link scan} and listens to changes.
 */
export class Engine {
  private tickets = new Map<string, FeedTicket>();
  private byCodeHash = new Map<string, string>();
  private keys = new Map<string, Uint8Array<ArrayBuffer>>();
  private event: FeedEvent | null = null;
  private readonly verifier = new Ed25519Verifier();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private syncing: Promise<void> | null = null;
  private again = false;
  private serverInside: number | null = null;
  private listeners = new Set<() => void>();
  private historyListeners = new Set<(entries: HistoryEntry[]) => void>();
  private stopped = false;
  /** Settles when the feed was loaded once (from storage or the service). */
  private feedReady!: Promise<void>;
  private markFeedReady!: () => void;
  /** Tickets with scans not yet answered by the service: the feed does not overwrite their local state. */
  private readonly pendingTickets = new Map<string, number>();
  readonly status: EngineStatus = {
    online: navigator.onLine,
    loading: false,
    tickets: 0,
    queued: 0,
    lastSyncedAt: null,
    scannedCount: 0,
    inside: 0,
    insideSource: 'local',
    refused: null,
  };

  constructor(
    private readonly store: Store,
    private readonly api: Api,
    private session: Session,
  ) {
    this.feedReady = new Promise((resolve) => (this.markFeedReady = resolve));
  }

  get eventTitle(): string | null {
    return this.event?.title ?? this.session.eventTitle;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called with history entries the service corrected or confirmed. */
  onHistory(listener: (entries: HistoryEntry[]) => void): () => void {
    this.historyListeners.add(listener);
    return () => this.historyListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Loads the stored feed (instant, offline) and starts the sync loop. */
  async start(): Promise<void> {
    const eventId = this.session.eventId!;
    if ((await this.store.get('feedEventId')) !== eventId) await this.store.clearFeed();
    const [tickets, keys, event, lastSyncedAt, count, queued] = await Promise.all([
      this.store.allTickets(),
      this.store.allKeys(),
      this.store.get('event'),
      this.store.get('lastSyncedAt'),
      this.store.get('scannedCount'),
      this.store.queueLength(),
    ]);
    for (const t of tickets) this.index(t);
    for (const q of await this.store.queue(100_000)) this.addPending(q.ticketId, 1);
    this.setKeys(keys);
    this.event = event ?? null;
    if (this.event && (await this.store.get('cursor')) !== undefined) this.markFeedReady();
    Object.assign(this.status, { lastSyncedAt: lastSyncedAt ?? null, scannedCount: count ?? 0, queued, tickets: this.tickets.size });
    this.recount();
    this.changed();
    addEventListener('online', this.kick);
    addEventListener('offline', this.goneOffline);
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    removeEventListener('online', this.kick);
    removeEventListener('offline', this.goneOffline);
  }

  setDirection(direction: Direction): void {
    this.session = { ...this.session, direction };
  }

  setGate(gate: string | null): void {
    this.session = { ...this.session, gate };
  }

  private readonly goneOffline = () => {
    this.status.online = false;
    this.changed();
  };

  /** Syncs now (and then every {@link POLL_MS}). */
  readonly kick = (): void => {
    if (this.stopped || this.status.refused) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.syncing = this.syncOnce()
      .catch((e) => console.warn('sync', e))
      .finally(() => {
        this.syncing = null;
        if (this.stopped || this.status.refused) return;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.timer = setTimeout(this.kick, POLL_MS);
      });
  };

  private index(t: FeedTicket): void {
    const old = this.tickets.get(t.ticketId);
    if (old && old.codeHash !== t.codeHash) this.byCodeHash.delete(old.codeHash);
    this.tickets.set(t.ticketId, t);
    this.byCodeHash.set(t.codeHash, t.ticketId);
  }

  private setKeys(keys: StoredKey[]): void {
    this.keys = new Map();
    for (const k of keys) {
      const raw = k.algorithm === 'Ed25519' ? base64urlDecode(k.publicKey) : null;
      if (raw && raw.length === 32) this.keys.set(k.keyId, raw);
    }
  }

  private addPending(ticketId: string | null, n: number): void {
    if (!ticketId) return;
    const left = (this.pendingTickets.get(ticketId) ?? 0) + n;
    if (left > 0) this.pendingTickets.set(ticketId, left);
    else this.pendingTickets.delete(ticketId);
  }

  private recount(): void {
    let inside = 0;
    for (const t of this.tickets.values()) if (t.inside) inside++;
    const useServer = this.status.online && this.status.queued === 0 && this.serverInside !== null;
    this.status.inside = useServer ? this.serverInside! : inside;
    this.status.insideSource = useServer ? 'server' : 'local';
    this.status.tickets = this.tickets.size;
  }

  private state(): FeedState {
    return { eventId: this.session.eventId!, event: this.event, keys: this.keys, tickets: this.tickets, byCodeHash: this.byCodeHash };
  }

  /**
   * Decides a scan locally, records it (history, queue, ticket state) and asks the sync loop to send
   * it. Resolves with the decision at once; the service's answer comes later through onHistory.
   */
  async scan(text: string): Promise<{ decision: Decision; entry: HistoryEntry }> {
    // A scan in the first seconds, before the feed ever arrived, waits for it a little.
    if (!this.event) await Promise.race([this.feedReady, new Promise((r) => setTimeout(r, FIRST_FEED_WAIT_MS))]);
    const scannedAt = new Date().toISOString();
    const direction = this.session.direction;
    const gate = this.session.gate;
    const decision = await decide(text, this.state(), { direction, now: new Date(), verifier: this.verifier });
    const ticket = decision.ticketId ? this.tickets.get(decision.ticketId) : undefined;
    const updated = ticket ? applyDecision(ticket, decision, { scannedAt, gate }) : null;
    if (updated) this.index(updated);
    if (sendableText(decision, text)) this.addPending(decision.ticketId, 1);
    const clientScanId = crypto.randomUUID();
    const sendable = sendableText(decision, text);
    const entry: HistoryEntry = {
      clientScanId,
      scannedAt,
      direction,
      gate,
      localResult: decision.result,
      serverResult: null,
      sync: sendable ? 'pending' : 'local',
      ticketId: decision.ticketId,
      holderName: decision.holderName,
      ticketTypeName: decision.ticketTypeName,
      checkedInAt: decision.checkedInAt,
      checkedInGate: decision.checkedInGate,
    };
    const queued: QueuedScan | null = sendable
      ? { clientScanId, eventId: this.session.eventId!, code: text.trim(), scannedAt, direction, gate, ticketId: decision.ticketId }
      : null;
    // The decision is on screen before the write finishes; the write is awaited for the counters.
    const write = this.store.recordScan(entry, queued, updated).then((count) => {
      this.status.scannedCount = count;
      if (queued) this.status.queued++;
      this.recount();
      this.changed();
      if (queued && this.status.online) this.kick();
    });
    write.catch((e) => console.error('could not record the scan', e));
    return { decision, entry };
  }

  private async syncOnce(): Promise<void> {
    try {
      await this.upload();
      await this.pullFeed();
      await this.attendance();
      this.status.online = true;
      this.status.lastSyncedAt = new Date().toISOString();
      await this.store.set('lastSyncedAt', this.status.lastSyncedAt);
    } catch (e) {
      if (e instanceof OfflineError) this.status.online = false;
      else if (e instanceof ApiError && e.status === 401) {
        this.status.refused = { code: e.code, message: e.detail };
        this.stop();
      } else throw e;
    } finally {
      this.status.loading = false;
      this.status.queued = await this.store.queueLength();
      this.recount();
      this.changed();
    }
  }

  /** Sends the queue, oldest first, and applies the answers (the conflict rule in decide.ts). */
  private async upload(): Promise<void> {
    for (;;) {
      const scans = await this.store.queue(BATCH);
      if (scans.length === 0) return;
      const eventId = this.session.eventId!;
      let results: ScanResponse[];
      try {
        const body = {
          eventId,
          scans: scans.map((s) => ({
            clientScanId: s.clientScanId,
            code: s.code,
            scannedAt: s.scannedAt,
            direction: s.direction,
            ...(s.gate ? { gate: s.gate } : {}),
          })),
        };
        results = (await this.api.call<{ results: ScanResponse[] }>('POST', '/check-ins/batch', body, scans.length > 20 ? 8000 : undefined)).results;
      } catch (e) {
        // One bad scan must not hold the queue: a refused batch is sent one by one, and a scan the service refuses alone is kept as local.
        if (!(e instanceof ApiError) || e.status === 401 || e.status >= 500 || e.status === 429) throw e;
        results = [];
        for (const s of scans) {
          try {
            const r = await this.api.call<{ results: ScanResponse[] }>('POST', '/check-ins/batch', {
              eventId,
              scans: [{ clientScanId: s.clientScanId, code: s.code, scannedAt: s.scannedAt, direction: s.direction, ...(s.gate ? { gate: s.gate } : {}) }],
            });
            results.push(...r.results);
          } catch (one) {
            if (!(one instanceof ApiError) || one.status === 401 || one.status >= 500 || one.status === 429) throw one;
            const entry = await this.store.historyEntry(s.clientScanId);
            this.addPending(s.ticketId, -1);
            await this.store.settle([{ clientScanId: s.clientScanId, entry: entry ? { ...entry, sync: 'local' } : null, ticket: null }]);
          }
        }
      }
      const sent = new Set(scans.map((s) => s.clientScanId));
      const settled: { clientScanId: string; entry: HistoryEntry | null; ticket: FeedTicket | null }[] = [];
      const shown: HistoryEntry[] = [];
      const answered = new Map<string, ScanResponse>();
      for (const r of results) if (r.clientScanId && sent.has(r.clientScanId)) answered.set(r.clientScanId, r);
      for (const s of scans) {
        const r = answered.get(s.clientScanId);
        if (!r) continue;
        this.addPending(s.ticketId, -1);
        const entry = await this.store.historyEntry(s.clientScanId);
        const fixed = entry ? reconcile(entry, r) : null;
        if (fixed) shown.push(fixed);
        settled.push({ clientScanId: s.clientScanId, entry: fixed, ticket: null });
      }
      // The service's view of each ticket, unless a later scan of it is still queued.
      for (const s of scans) {
        const r = answered.get(s.clientScanId);
        const t = r?.ticketId ? this.tickets.get(r.ticketId) : undefined;
        if (!r || !t || this.pendingTickets.has(t.ticketId)) continue;
        const after = ticketAfterResponse(t, r);
        if (after) {
          this.index(after);
          settled.push({ clientScanId: s.clientScanId, entry: null, ticket: after });
        }
      }
      await this.store.settle(settled);
      this.status.queued = await this.store.queueLength();
      if (shown.length) for (const l of this.historyListeners) l(shown);
      if (answered.size === 0) return; // nothing acknowledged: try again next round
    }
  }

  /** The whole feed the first time, then deltas by cursor; tickets with queued scans keep their local state. */
  private async pullFeed(): Promise<void> {
    const eventId = this.session.eventId!;
    let cursor = await this.store.get('cursor');
    const first = cursor === undefined;
    if (first) {
      this.status.loading = true;
      this.changed();
    }
    for (;;) {
      const query = new URLSearchParams({ limit: '5000', ...(cursor ? { cursor } : {}) });
      const page = await this.api.call<FeedPage>('GET', `/events/${eventId}/check-in-feed?${query}`, undefined, first ? 20_000 : undefined);
      const tickets = page.tickets.filter((t) => !this.pendingTickets.has(t.ticketId));
      for (const t of tickets) this.index(t);
      this.setKeys(page.keys);
      this.event = page.event;
      await this.store.saveFeedPage({ eventId, tickets, keys: page.keys, event: page.event, cursor: page.nextCursor });
      cursor = page.nextCursor;
      this.status.tickets = this.tickets.size;
      if (!page.hasMore) return this.markFeedReady();
      this.changed();
    }
  }

  private async attendance(): Promise<void> {
    const a = await this.api.call<{ inside?: number }>('GET', `/events/${this.session.eventId}/attendance`);
    this.serverInside = typeof a.inside === 'number' ? a.inside : null;
  }

  /**
   * The newest `count` history entries, then any older one among the last 500 that the service
   * corrected (a ticket admitted here that it refused must not scroll out of sight unseen).
   */
  async history(count = 8): Promise<{ recent: HistoryEntry[]; corrected: HistoryEntry[] }> {
    const all = await this.store.recentHistory(500);
    return { recent: all.slice(0, count), corrected: all.slice(count).filter((e) => e.sync === 'corrected') };
  }
}

function sendableText(decision: Decision, text: string): boolean {
  return decision.judgeable && text.trim().length <= 512;
}
