import { MAX_RETRY_DELAY_SECONDS, retryDelaySeconds } from './backoff.js';

describe('retry backoff', () => {
  it('doubles per attempt between half and all of base * 2^(attempt-1)', () => {
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, 5, () => 0))).toEqual([2.5, 5, 10, 20]);
    expect([1, 2, 3, 4].map((a) => retryDelaySeconds(a, 5, () => 1))).toEqual([5, 10, 20, 40]);
    for (let i = 0; i < 100; i++) {
      const delay = retryDelaySeconds(3, 5);
      expect(delay).toBeGreaterThanOrEqual(10);
      expect(delay).toBeLessThanOrEqual(20);
    }
  });

  it('is capped at 15 minutes, however many attempts', () => {
    expect(retryDelaySeconds(30, 5, () => 1)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(1000, 5, () => 1)).toBe(900);
    expect(retryDelaySeconds(1000, 5, () => 0)).toBe(450);
  });

  it('spreads messages that failed together (jitter)', () => {
    const delays = new Set(Array.from({ length: 20 }, () => retryDelaySeconds(2, 5)));
    expect(delays.size).toBeGreaterThan(10);
  });
});
