import { ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { DomainError } from '@app/shared';
import ipaddr from 'ipaddr.js';
import type { AppConfig } from '../config/app-config.js';

const BUCKET_KEY = 'rate-limit:bucket';

/** Stricter per-IP limits for the routes that attackers hammer. */
export type RateLimitBucket = 'login' | 'register' | 'lookup' | 'payment_qr';

/** Puts a route under a stricter rate limit (in addition to the default one). */
export const RateLimit = (bucket: RateLimitBucket) => SetMetadata(BUCKET_KEY, bucket);

function bucketOf(context: ExecutionContext): RateLimitBucket | undefined {
  return Reflect.getMetadata(BUCKET_KEY, context.getHandler()) as RateLimitBucket | undefined;
}

/**
 * Throttler settings from configuration: a default limit for every route, and the `login`,
 * `register`, `lookup` and `payment_qr` limits that apply only to routes marked with {@link RateLimit}. All per client IP,
 * within RATE_LIMIT_WINDOW seconds; RATE_LIMIT_ENABLED=false turns them off (load tests). With a
 * shared `storage` (Redis) the limits hold across replicas; without, per process.
 */
export function rateLimitOptions(config: AppConfig, storage?: ThrottlerStorage): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW * 1000;
  const off = () => !config.RATE_LIMIT_ENABLED;
  return {
    storage,
    throttlers: [
      { name: 'default', ttl, limit: config.RATE_LIMIT_DEFAULT, skipIf: off },
      { name: 'login', ttl, limit: config.RATE_LIMIT_LOGIN, skipIf: (ctx) => off() || bucketOf(ctx) !== 'login' },
      { name: 'register', ttl, limit: config.RATE_LIMIT_REGISTER, skipIf: (ctx) => off() || bucketOf(ctx) !== 'register' },
      { name: 'lookup', ttl, limit: config.RATE_LIMIT_LOOKUP, skipIf: (ctx) => off() || bucketOf(ctx) !== 'lookup' },
      { name: 'payment_qr', ttl, limit: config.RATE_LIMIT_PAYMENT_QR, skipIf: (ctx) => off() || bucketOf(ctx) !== 'payment_qr' },
    ],
  };
}

/**
 * The rate-limit key of a client address (`req.ip`): an IPv4 address as it is (an IPv4-mapped IPv6
 * address too, as its IPv4 form); an IPv6 address by its /64 prefix (`2001:db8:0:1::/64`), because
 * one end site gets at least a /64 (RFC 6177) and could otherwise rotate addresses within it to
 * escape every per-IP limit. Anything unparsable is its own key.
 */
export function rateLimitKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** The global throttler guard: keyed by {@link rateLimitKey}; over the limit is 429 `rate_limited` with Retry-After. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return rateLimitKey(typeof req.ip === 'string' ? req.ip : undefined);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new DomainError('rate_limited', 'rate_limited', `Too many requests; retry in ${detail.timeToBlockExpire} s.`, {
      retryAfterSeconds: detail.timeToBlockExpire,
    });
  }
}
