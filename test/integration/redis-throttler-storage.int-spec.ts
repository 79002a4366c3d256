import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from '@app/infrastructure';
import { Redis } from 'ioredis';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The shared rate-limit store: two replicas (two storage instances) count together; Redis down fails open. */
describe('RedisThrottlerStorage (integration, real Redis)', () => {
  let a: Redis;
  let b: Redis;
  beforeAll(() => {
    a = new Redis(REDIS_URL, { lazyConnect: false });
    b = new Redis(REDIS_URL, { lazyConnect: false });
  });
  afterAll(async () => {
    await a.quit();
    await b.quit();
  });

  it('counts hits from two replicas against one limit, then blocks for the block duration', async () => {
    const prefix = `test:${randomUUID()}`;
    const errors: unknown[] = [];
    const replicaA = new RedisThrottlerStorage(a, (e) => errors.push(e), prefix);
    const replicaB = new RedisThrottlerStorage(b, (e) => errors.push(e), prefix);
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await (i % 2 ? replicaB : replicaA).increment('ip-1', 60_000, 5, 30_000, 'login'));
    expect(results.map((r) => r.totalHits)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => r.isBlocked)).toEqual([false, false, false, false, false, true]);
    expect(results[5]!.timeToBlockExpire).toBe(30);
    expect(results[0]!.timeToExpire).toBeGreaterThan(58);
    const whileBlocked = await replicaA.increment('ip-1', 60_000, 5, 30_000, 'login');
    expect(whileBlocked.isBlocked).toBe(true);
    // Other keys and other throttlers are independent.
    expect((await replicaB.increment('ip-2', 60_000, 5, 30_000, 'login')).totalHits).toBe(1);
    expect((await replicaB.increment('ip-1', 60_000, 600, 60_000, 'default')).totalHits).toBe(1);
    expect(errors).toEqual([]);
  });

  it('counts exactly under concurrent hits from both replicas', async () => {
    const prefix = `test:${randomUUID()}`;
    const replicas = [new RedisThrottlerStorage(a, () => undefined, prefix), new RedisThrottlerStorage(b, () => undefined, prefix)];
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => replicas[i % 2]!.increment('ip', 60_000, 1000, 1000, 'default')));
    expect(results.map((r) => r.totalHits).sort((x, y) => x - y)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('fails open, and reports it, when Redis cannot be reached', async () => {
    const down = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    down.on('error', () => undefined);
    const errors: unknown[] = [];
    const storage = new RedisThrottlerStorage(down, (e) => errors.push(e), 'test');
    const result = await storage.increment('ip', 60_000, 1, 1000, 'login');
    expect(result.isBlocked).toBe(false);
    expect(errors).toHaveLength(1);
    down.disconnect();
  });
});
