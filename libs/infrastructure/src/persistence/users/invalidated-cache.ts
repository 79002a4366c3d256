/** Counters of an {@link InvalidatedCache} since it was made (for tests, metrics and benchmarks). */
export interface InvalidatedCacheStats {
  /** Reads answered from memory. */
  hits: number;
  /** Reads that loaded while the cache was live (the answer may have been kept). */
  misses: number;
  /** Reads that loaded because the cache was suspended (nothing kept). */
  bypasses: number;
  /** Keys dropped by {@link InvalidatedCache.invalidate} (whether or not they were kept). */
  invalidations: number;
  /** Times the cache was suspended (the change feed was lost). */
  suspensions: number;
}

/** Limits of an {@link InvalidatedCache}. */
export interface InvalidatedCacheOptions {
  /** At most this many entries; past it the least recently used goes. */
  maxEntries: number;
  /** An entry is trusted at most this long after it was loaded, in ms (a backstop: invalidation is the rule). */
  ttlMs: number;
  /** The clock, in ms (tests pass a fake one). */
  now?: () => number;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

/**
 * A read-through cache that is only as good as its change feed: it keeps answers only while
 * {@link resume}d (the feed is connected), drops a key on {@link invalidate} (the feed saw it
 * change), and on {@link suspend} (the feed was lost: changes may go unseen) forgets everything and
 * passes every read through until resumed.
 *
 * A load that was in flight when anything was invalidated or the cache suspended is answered but
 * not kept (one generation counter for all keys: changes are rare, and this way a change
 * notified between the load's read and its return can never leave the old answer behind).
 * Null answers (no such key) are not kept. LRU by a Map's insertion order; entries also expire
 * `ttlMs` after their load. Starts suspended.
 */
export class InvalidatedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private generation = 0;
  private live = false;
  private readonly now: () => number;
  private readonly invalidationListeners = new Set<(key: string | null) => void>();
  readonly stats: InvalidatedCacheStats = { hits: 0, misses: 0, bypasses: 0, invalidations: 0, suspensions: 0 };

  constructor(private readonly options: InvalidatedCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True while answers are kept (the change feed is connected). */
  get isLive(): boolean {
    return this.live;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The kept answer for `key` if live and fresh, else `load(key)` (kept if nothing changed meanwhile). */
  async read(key: string, load: (key: string) => Promise<V | null>): Promise<V | null> {
    if (!this.live) {
      this.stats.bypasses++;
      return load(key);
    }
    const entry = this.entries.get(key);
    if (entry) {
      if (entry.expiresAt > this.now()) {
        this.stats.hits++;
        // Most recently used last.
        this.entries.delete(key);
        this.entries.set(key, entry);
        return entry.value;
      }
      this.entries.delete(key);
    }
    this.stats.misses++;
    const generation = this.generation;
    const value = await load(key);
    if (value !== null && this.live && generation === this.generation) this.keep(key, value);
    return value;
  }

  /** Drops `key` (null: every key) and stops any load in flight from keeping its answer. */
  invalidate(key: string | null): void {
    this.generation++;
    this.stats.invalidations++;
    if (key === null) this.entries.clear();
    else this.entries.delete(key);
    for (const listener of this.invalidationListeners) listener(key);
  }

  /** The change feed is lost: forget everything, pass reads through until {@link resume}. */
  suspend(): void {
    if (this.live) this.stats.suspensions++;
    this.live = false;
    this.generation++;
    this.entries.clear();
  }

  /** The change feed is connected (every change from now on will be seen): keep answers again. */
  resume(): void {
    this.generation++;
    this.live = true;
  }

  /** Calls `listener` after every invalidation (key, or null for all); returns the unsubscribe function. */
  onInvalidate(listener: (key: string | null) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  private keep(key: string, value: V): void {
    if (this.options.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
