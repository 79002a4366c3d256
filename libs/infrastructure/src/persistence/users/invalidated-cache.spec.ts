import { InvalidatedCache } from './invalidated-cache.js';

/** A load that counts its calls and answers `value:<key>@<call>` (or what `answers` says). */
function counter(answers: Record<string, string | null> = {}) {
  const calls: string[] = [];
  const load = async (key: string) => {
    calls.push(key);
    return key in answers ? answers[key]! : `value:${key}@${calls.length}`;
  };
  return { calls, load };
}

/** A load that waits until released, to change the cache while it is in flight. */
function deferredLoad() {
  let release!: (value: string) => void;
  const load = () => new Promise<string>((resolve) => (release = resolve));
  return { load, release: (value: string) => release(value) };
}

describe('InvalidatedCache', () => {
  let clock: number;
  const make = (maxEntries = 100, ttlMs = 1000) => new InvalidatedCache<string>({ maxEntries, ttlMs, now: () => clock });
  beforeEach(() => (clock = 1_000_000));

  it('starts suspended: every read loads and nothing is kept until resumed', async () => {
    const cache = make();
    const { calls, load } = counter();
    expect(cache.isLive).toBe(false);
    await cache.read('a', load);
    await cache.read('a', load);
    expect(calls).toEqual(['a', 'a']);
    expect(cache.size).toBe(0);
    expect(cache.stats.bypasses).toBe(2);
  });

  it('once live, loads a key once and answers it from memory after', async () => {
    const cache = make();
    cache.resume();
    const { calls, load } = counter();
    expect(await cache.read('a', load)).toBe('value:a@1');
    expect(await cache.read('a', load)).toBe('value:a@1');
    expect(calls).toEqual(['a']);
    expect(cache.stats).toMatchObject({ hits: 1, misses: 1, bypasses: 0 });
  });

  it('reads a key afresh after it is invalidated, and only that key', async () => {
    const cache = make();
    cache.resume();
    const { calls, load } = counter();
    await cache.read('a', load);
    await cache.read('b', load);
    cache.invalidate('a');
    expect(await cache.read('a', load)).toBe('value:a@3');
    expect(await cache.read('b', load)).toBe('value:b@2');
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('invalidate(null) drops every key', async () => {
    const cache = make();
    cache.resume();
    const { calls, load } = counter();
    await cache.read('a', load);
    await cache.read('b', load);
    cache.invalidate(null);
    await cache.read('a', load);
    await cache.read('b', load);
    expect(calls).toEqual(['a', 'b', 'a', 'b']);
  });

  it('does not keep the answer of a load that was in flight when a change was notified (it may predate the change)', async () => {
    const cache = make();
    cache.resume();
    const slow = deferredLoad();
    const pending = cache.read('a', slow.load);
    cache.invalidate('other'); // any invalidation: one generation for all keys
    slow.release('old');
    expect(await pending).toBe('old'); // answered (it was the truth when read)...
    const { calls, load } = counter();
    expect(await cache.read('a', load)).toBe('value:a@1'); // ...but not kept
    expect(calls).toEqual(['a']);
  });

  it('does not keep the answer of a load that spanned a gap in the feed, even if the feed is back when it returns', async () => {
    const cache = make();
    cache.resume();
    const slow = deferredLoad();
    const pending = cache.read('a', slow.load);
    cache.suspend();
    cache.resume();
    slow.release('old');
    await pending;
    expect(cache.size).toBe(0);
  });

  it('suspend forgets everything and bypasses until resumed', async () => {
    const cache = make();
    cache.resume();
    const { calls, load } = counter();
    await cache.read('a', load);
    cache.suspend();
    expect(cache.size).toBe(0);
    await cache.read('a', load);
    await cache.read('a', load);
    expect(calls).toEqual(['a', 'a', 'a']);
    cache.resume();
    await cache.read('a', load);
    await cache.read('a', load);
    expect(calls).toHaveLength(4);
    expect(cache.stats.suspensions).toBe(1);
  });

  it('trusts an entry at most ttlMs after its load', async () => {
    const cache = make(100, 1000);
    cache.resume();
    const { calls, load } = counter();
    await cache.read('a', load);
    clock += 999;
    await cache.read('a', load);
    expect(calls).toHaveLength(1);
    clock += 1;
    await cache.read('a', load);
    expect(calls).toHaveLength(2);
  });

  it('keeps at most maxEntries, dropping the least recently used', async () => {
    const cache = make(2);
    cache.resume();
    const { calls, load } = counter();
    await cache.read('a', load);
    await cache.read('b', load);
    await cache.read('a', load); // a is now the most recently used
    await cache.read('c', load); // b goes
    expect(cache.size).toBe(2);
    await cache.read('a', load);
    await cache.read('c', load);
    expect(calls).toEqual(['a', 'b', 'c']);
    await cache.read('b', load);
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps nothing with maxEntries 0, nor null answers, nor failed loads', async () => {
    const none = make(0);
    none.resume();
    const { calls, load } = counter({ missing: null });
    await none.read('a', load);
    await none.read('a', load);
    expect(calls).toEqual(['a', 'a']);

    const cache = make();
    cache.resume();
    expect(await cache.read('missing', load)).toBeNull();
    expect(await cache.read('missing', load)).toBeNull();
    expect(calls.filter((k) => k === 'missing')).toHaveLength(2);
    await expect(cache.read('x', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(cache.size).toBe(0);
  });

  it('tells listeners of every invalidation', () => {
    const cache = make();
    const seen: (string | null)[] = [];
    const stop = cache.onInvalidate((key) => seen.push(key));
    cache.invalidate('a');
    cache.invalidate(null);
    stop();
    cache.invalidate('b');
    expect(seen).toEqual(['a', null]);
  });
});
