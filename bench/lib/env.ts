import { BENCH_JWT_SECRET } from './provision.js';

/** The environment of a benchmark replica: production mode, rate limits off, jobs off, quiet logs. */
export function benchEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    RATE_LIMIT_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    MIGRATIONS_RUN: 'false',
    DATABASE_POOL_SIZE: '10',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
