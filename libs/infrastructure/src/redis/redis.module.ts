import { DynamicModule, Global, Module } from '@nestjs/common';
import { RedisConnection } from './redis-connection.js';

/** The shared Redis connection (a null client without REDIS_URL), injectable everywhere. */
@Global()
@Module({})
export class RedisModule {
  static forRoot(url: string | undefined): DynamicModule {
    const provider = { provide: RedisConnection, useFactory: () => new RedisConnection(url) };
    return { module: RedisModule, providers: [provider], exports: [RedisConnection] };
  }
}
