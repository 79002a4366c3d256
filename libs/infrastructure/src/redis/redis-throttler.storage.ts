import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

interface ThrottlerStorageRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * Fixed-window counter with a block once the limit is passed, in one atomic Lua script per hit
 * (the same semantics as @nestjs/throttler's in-memory storage). Returns hits, window ms left,
 * blocked flag, block ms left.
 */
const INCREMENT = `
local hits_key, block_key = KEYS[1], KEYS[2]
local ttl, limit, block = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blocked_ms = redis.call('PTTL', block_key)
if blocked_ms > 0 then
  return { tonumber(redis.call('GET', hits_key) or '0'), redis.call('PTTL', hits_key), 1, blocked_ms }
end
local hits = redis.call('INCR', hits_key)
if hits == 1 then redis.call('PEXPIRE', hits_key, ttl) end
local window_ms = redis.call('PTTL', hits_key)
if hits > limit then
  redis.call('SET', block_key, '1', 'PX', block)
  return { hits, window_ms, 1, block }
end
return { hits, window_ms, 0, 0 }`;

/**
 * @nestjs/throttler storage in Redis, so a limit holds across every replica. When Redis fails,
 * it fails open (the request is allowed) and reports the error through `onError`, so an outage
 * of the rate limiter never becomes an outage of the API. Times in the records are seconds.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly onError: (error: unknown) => void,
    private readonly prefix = 'throttle',
  ) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const base = `${this.prefix}:${throttlerName}:${key}`;
    try {
      const [hits, windowMs, blocked, blockMs] = (await this.redis.eval(INCREMENT, 2, `${base}:hits`, `${base}:block`, ttl, limit, blockDuration)) as number[];
      return {
        totalHits: hits!,
        timeToExpire: Math.max(0, Math.ceil(windowMs! / 1000)),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.max(0, Math.ceil(blockMs! / 1000)),
      };
    } catch (error) {
      this.onError(error);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
