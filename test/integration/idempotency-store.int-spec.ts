import { IdempotencyStore } from '@app/shared';
import { signUpCustomer } from '../factories/users.js';
import { startTestApp, TestApp } from '../setup/test-app.js';

/** Request fingerprints are SHA-256 hex (64 characters). */
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

/**
 * The idempotency store against the real database: a claim whose lease ran out is taken over with
 * a new token, and the request that lost its claim can neither store its response nor give the key back.
 */
describe('IdempotencyStore (integration)', () => {
  let t: TestApp;
  let store: IdempotencyStore;
  let userId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOBS_ENABLED: 'false', MAIL_WORKER_ENABLED: 'false' });
    store = t.app.get(IdempotencyStore);
    userId = (await signUpCustomer(t)).id;
  });
  afterAll(() => t.close());

  it('a lapsed claim is taken over; only the new claim may complete or abandon the key', async () => {
    const first = await store.claim(userId, 'key-1', HASH_A, 3600, 1);
    expect(first).toEqual({ state: 'started', token: expect.any(String) });
    expect(await store.claim(userId, 'key-1', HASH_A, 3600, 1)).toEqual({ state: 'in_progress' });
    expect(await store.claim(userId, 'key-1', HASH_B, 3600, 1)).toEqual({ state: 'mismatch' });

    await new Promise((r) => setTimeout(r, 1100)); // the first request's lease runs out
    const second = await store.claim(userId, 'key-1', HASH_A, 3600, 1);
    expect(second).toEqual({ state: 'started', token: expect.any(String) });
    const [a, b] = [first, second].map((c) => (c.state === 'started' ? c.token : ''));
    expect(b).not.toBe(a);

    // The first request finally finishes: its response is not stored, and it cannot free the key.
    expect(await store.complete(userId, 'key-1', a!, 201, { from: 'first' })).toBe(false);
    await store.abandon(userId, 'key-1', a!);
    expect(await store.claim(userId, 'key-1', HASH_A, 3600, 60)).toEqual({ state: 'in_progress' });

    expect(await store.complete(userId, 'key-1', b!, 201, { from: 'second' })).toBe(true);
    expect(await store.claim(userId, 'key-1', HASH_A, 3600, 60)).toEqual({ state: 'replay', status: 201, body: { from: 'second' } });
  });

  it('abandon frees the key for a retry only while the claim is still its own', async () => {
    const claim = await store.claim(userId, 'key-2', HASH_A, 3600, 60);
    const token = claim.state === 'started' ? claim.token : '';
    await store.abandon(userId, 'key-2', token);
    expect(await store.claim(userId, 'key-2', HASH_A, 3600, 60)).toEqual({ state: 'started', token: expect.any(String) });
  });
});
