import { createHmac, randomUUID } from 'node:crypto';
import { Client } from 'pg';

export const BENCH_JWT_SECRET = 'bench-only-secret-with-at-least-32-bytes!!';

/**
 * An access token exactly as the API issues them (HS256, issuer and audience `ticketing-api`),
 * signed with the replicas' shared JWT_SECRET: a load test provisions its buyers without 2,000
 * argon2 sign-ins dominating the run.
 */
export function accessToken(userId: string, roles: string[], secret = BENCH_JWT_SECRET): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: userId, ver: 0, roles, iat: now, exp: now + 3600, iss: 'ticketing-api', aud: 'ticketing-api' })}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** The benchmark database (dropped and recreated by every run): `BENCH_DATABASE`, else `ticketing_bench`. */
export const BENCH_DATABASE = process.env.BENCH_DATABASE ?? 'ticketing_bench';

/** Drops and creates `name` on the server of `adminUrl` (the name must contain "bench" or "test"). */
export async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/bench|test/.test(name)) throw new Error(`refusing to recreate database ${name}`);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Inserts `count` users with `roles` directly and returns their ids and bearer tokens. */
export async function provisionUsers(databaseUrl: string, count: number, roles: string[], secret = BENCH_JWT_SECRET) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const ids = Array.from({ length: count }, () => randomUUID());
  await db.query(
    `INSERT INTO users (id, email, name, password_hash, roles)
     SELECT id, 'bench-' || id || '@example.com', 'Bench user', '!', $2::text[] FROM unnest($1::uuid[]) AS id`,
    [ids, roles],
  );
  await db.end();
  return ids.map((id) => ({ id, token: `Bearer ${accessToken(id, roles, secret)}` }));
}
