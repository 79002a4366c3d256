import { once } from 'node:events';
import { Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';

/**
 * The process's Redis connection when `REDIS_URL` is set (`client` is null otherwise). Commands
 * fail fast while Redis is unreachable (no offline queue, short timeouts) instead of piling up,
 * so callers can fail open; the client keeps reconnecting in the background.
 */
export class RedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null;

  constructor(url: string | undefined) {
    this.client = url
      ? new Redis(url, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
          commandTimeout: 500,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
          lazyConnect: false,
        })
      : null;
    this.client?.on('error', (error: Error) => this.logger.warn(`Redis: ${error.message}`));
  }

  /** Waits up to 2 s for the first connection, so a healthy Redis is in use from the first request; never fails start. */
  async onModuleInit(): Promise<void> {
    if (!this.client || this.client.status === 'ready') return;
    await Promise.race([once(this.client, 'ready'), new Promise((resolve) => setTimeout(resolve, 2000).unref())]).catch(() => undefined);
  }

  /** True when Redis answers PING within `timeoutMs`; never throws. */
  async isUp(timeoutMs = 1000): Promise<boolean> {
    if (!this.client) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.client.ping().then((reply) => reply === 'PONG'),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}
