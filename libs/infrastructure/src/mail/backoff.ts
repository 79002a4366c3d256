/** The longest wait between two attempts: 15 minutes. */
export const MAX_RETRY_DELAY_SECONDS = 15 * 60;

/**
 * Seconds to wait after failed attempt number `attempt` (1 for the first): exponential,
 * `base * 2^(attempt-1)` capped at 15 minutes, with "equal jitter" (a uniformly random half of it
 * added to the other half) so that messages that failed together do not retry together.
 * With base 5 s: 2.5–5 s, 5–10 s, 10–20 s, … up to 7.5–15 min.
 */
export function retryDelaySeconds(attempt: number, baseSeconds: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseSeconds * 2 ** Math.max(0, attempt - 1), MAX_RETRY_DELAY_SECONDS);
  return exponential / 2 + (random() * exponential) / 2;
}
