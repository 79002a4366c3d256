import { generateKeyPairSync } from 'node:crypto';
import { BENCH_JWT_SECRET } from './provision.js';

/** One Ed25519 ticket-signing key per harness run, shared by every replica it starts (as in production). */
const TICKET_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64');

/** The environment of a benchmark replica: production mode, rate limits off, jobs off, quiet logs. */
export function benchEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: BENCH_JWT_SECRET,
    TICKET_SIGNING_KEY,
    RATE_LIMIT_ENABLED: 'false',
    JOBS_ENABLED: 'false',
    MIGRATIONS_RUN: 'false',
    DATABASE_POOL_SIZE: '10',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
