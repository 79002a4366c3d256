import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Direction, FeedEvent, FeedTicket, HistoryEntry } from './decide.js';

/**
 * What the app keeps in IndexedDB so that it opens and decides with no network: the session (a
 * device token, or which account and event), the feed (event, keys, tickets), the queue of scans
 * not yet accepted by the service, and this device's recent history. The access token of a user
 * account is never stored (memory only; the refresh token is the API's HttpOnly cookie).
 */

/** How this app is signed in, and where it scans. */
export interface Session {
  kind: 'device' | 'user';
  /** `sdt_…`, for a paired device. */
  deviceToken?: string;
  deviceId?: string;
  deviceName?: string;
  /** The account's e-mail (shown; a user session needs the cookie to call the API). */
  email?: string;
  eventId: string | null;
  eventTitle: string | null;
  gate: string | null;
  /** True for a device paired with a gate: the gate cannot be changed. */
  gateFixed: boolean;
  direction: Direction;
  /** Set when the service answered 401 for this device: it stops scanning. */
  revoked?: boolean;
}

/** A scan waiting for `POST /check-ins/batch`. */
export interface QueuedScan {
  clientScanId: string;
  eventId: string;
  /** What was scanned or typed, as the service wants it. */
  code: string;
  scannedAt: string;
  direction: Direction;
  gate: string | null;
  /** The ticket the app decided it was (to keep its local state until the service answers). */
  ticketId: string | null;
}

/** A verification key as the feed lists it. */
export interface StoredKey {
  keyId: string;
  algorithm: string;
  /** Raw 32-byte Ed25519 public key, base64url. */
  publicKey: string;
  current: boolean;
}

interface Meta {
  session: Session;
  event: FeedEvent;
  cursor: string;
  /** ISO time of the last successful exchange with the service. */
  lastSyncedAt: string;
  scannedCount: number;
  feedEventId: string;
}

interface ScannerDb extends DBSchema {
  meta: { key: string; value: unknown };
  tickets: { key: string; value: FeedTicket };
  keys: { key: string; value: StoredKey };
  queue: { key: string; value: QueuedScan; indexes: { scannedAt: string } };
  history: { key: string; value: HistoryEntry; indexes: { scannedAt: string } };
}

/** Entries kept in the history store (the screen shows the newest few). */
const HISTORY_KEEP = 500;

/** The app's IndexedDB. */
export class Store {
  private constructor(private readonly db: IDBPDatabase<ScannerDb>) {}

  static async open(name = 'ticketing-scanner'): Promise<Store> {
    const db = await openDB<ScannerDb>(name, 1, {
      upgrade(d) {
        d.createObjectStore('meta');
        d.createObjectStore('tickets', { keyPath: 'ticketId' });
        d.createObjectStore('keys', { keyPath: 'keyId' });
        d.createObjectStore('queue', { keyPath: 'clientScanId' }).createIndex('scannedAt', 'scannedAt');
        d.createObjectStore('history', { keyPath: 'clientScanId' }).createIndex('scannedAt', 'scannedAt');
      },
    });
    return new Store(db);
  }

  async get<K extends keyof Meta>(key: K): Promise<Meta[K] | undefined> {
    return (await this.db.get('meta', key)) as Meta[K] | undefined;
  }

  async set<K extends keyof Meta>(key: K, value: Meta[K]): Promise<void> {
    await this.db.put('meta', value, key);
  }

  async delete(key: keyof Meta): Promise<void> {
    await this.db.delete('meta', key);
  }

  /** Forgets the feed (another event chosen); the queue and history stay until they are synced. */
  async clearFeed(): Promise<void> {
    const tx = this.db.transaction(['tickets', 'keys', 'meta'], 'readwrite');
    await Promise.all([
      tx.objectStore('tickets').clear(),
      tx.objectStore('keys').clear(),
      tx.objectStore('meta').delete('cursor'),
      tx.objectStore('meta').delete('event'),
      tx.objectStore('meta').delete('feedEventId'),
      tx.done,
    ]);
  }

  async allTickets(): Promise<FeedTicket[]> {
    return this.db.getAll('tickets');
  }

  async allKeys(): Promise<StoredKey[]> {
    return this.db.getAll('keys');
  }

  /** Upserts tickets (one transaction) and, with them, the feed's keys, event and cursor. */
  async saveFeedPage(page: { tickets: FeedTicket[]; keys?: StoredKey[]; event?: FeedEvent; cursor?: string; eventId: string }): Promise<void> {
    const tx = this.db.transaction(['tickets', 'keys', 'meta'], 'readwrite');
    const tickets = tx.objectStore('tickets');
    const writes: Promise<unknown>[] = page.tickets.map((t) => tickets.put(t));
    if (page.keys) {
      const keys = tx.objectStore('keys');
      writes.push(keys.clear().then(() => Promise.all(page.keys!.map((k) => keys.put(k)))));
    }
    const meta = tx.objectStore('meta');
    if (page.event) writes.push(meta.put(page.event, 'event'));
    if (page.cursor !== undefined) writes.push(meta.put(page.cursor, 'cursor'));
    writes.push(meta.put(page.eventId, 'feedEventId'));
    await Promise.all([...writes, tx.done]);
  }

  async putTicket(ticket: FeedTicket): Promise<void> {
    await this.db.put('tickets', ticket);
  }

  /** Records a decided scan: its history entry, its queue entry (when the service should see it), the ticket's new state and the counter, atomically. */
  async recordScan(entry: HistoryEntry, queued: QueuedScan | null, ticket: FeedTicket | null): Promise<number> {
    const tx = this.db.transaction(['history', 'queue', 'tickets', 'meta'], 'readwrite');
    const meta = tx.objectStore('meta');
    const count = (((await meta.get('scannedCount')) as number | undefined) ?? 0) + 1;
    await Promise.all([
      tx.objectStore('history').put(entry),
      queued ? tx.objectStore('queue').put(queued) : undefined,
      ticket ? tx.objectStore('tickets').put(ticket) : undefined,
      meta.put(count, 'scannedCount'),
      tx.done,
    ]);
    return count;
  }

  async queue(limit = 500): Promise<QueuedScan[]> {
    return this.db.getAllFromIndex('queue', 'scannedAt', null, limit);
  }

  async queueLength(): Promise<number> {
    return this.db.count('queue');
  }

  /** Applies the service's answers: history corrected, queue entries removed, tickets updated. */
  async settle(done: { entry: HistoryEntry | null; clientScanId: string; ticket: FeedTicket | null }[]): Promise<void> {
    const tx = this.db.transaction(['history', 'queue', 'tickets'], 'readwrite');
    const writes: Promise<unknown>[] = [];
    for (const d of done) {
      writes.push(tx.objectStore('queue').delete(d.clientScanId));
      if (d.entry) writes.push(tx.objectStore('history').put(d.entry));
      if (d.ticket) writes.push(tx.objectStore('tickets').put(d.ticket));
    }
    await Promise.all([...writes, tx.done]);
  }

  async historyEntry(id: string): Promise<HistoryEntry | undefined> {
    return this.db.get('history', id);
  }

  /** The newest history entries first. */
  async recentHistory(count = 20): Promise<HistoryEntry[]> {
    const out: HistoryEntry[] = [];
    let cursor = await this.db.transaction('history').store.index('scannedAt').openCursor(null, 'prev');
    while (cursor && out.length < count) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    return out;
  }

  /** Drops history beyond {@link HISTORY_KEEP} entries (synced ones only). */
  async trimHistory(): Promise<void> {
    const total = await this.db.count('history');
    if (total <= HISTORY_KEEP) return;
    const tx = this.db.transaction('history', 'readwrite');
    let cursor = await tx.store.index('scannedAt').openCursor();
    let excess = total - HISTORY_KEEP;
    while (cursor && excess > 0) {
      if (cursor.value.sync !== 'pending') {
        await cursor.delete();
        excess--;
      }
      cursor = await cursor.continue();
    }
    await tx.done;
  }

  /** Forgets everything (sign-out or unpair) but scans not yet synced. */
  async reset(): Promise<void> {
    const tx = this.db.transaction(['tickets', 'keys', 'meta', 'history'], 'readwrite');
    await Promise.all([
      tx.objectStore('tickets').clear(),
      tx.objectStore('keys').clear(),
      tx.objectStore('meta').clear(),
      tx.objectStore('history').clear(),
      tx.done,
    ]);
  }
}
