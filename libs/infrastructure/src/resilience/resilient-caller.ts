import {
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  halfJitterGenerator,
  handleWhen,
  IPolicy,
  isBrokenCircuitError,
  isIsolatedCircuitError,
  circuitBreaker,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';

/**
 * How calls to one outside service are protected (all durations in milliseconds).
 * Defaults: {@link DEFAULT_RESILIENCE}.
 */
export interface ResilienceOptions {
  /** Longest one attempt may take, body included; then its request is aborted (cooperative timeout). */
  timeoutMs: number;
  /** Retries after the first attempt: every failure for safe calls, undelivered requests only for unsafe ones. */
  maxRetries: number;
  /** First retry delay; each next one doubles, with half jitter (a delay d becomes d/2..d), up to `retryMaxDelayMs`. */
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before one trial call is let through (half-open). */
  halfOpenAfterMs: number;
  /** `Retry-After` (seconds) suggested when the service failed but the circuit is still closed. */
  unavailableRetryAfterSeconds: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  timeoutMs: 5000,
  maxRetries: 2,
  retryInitialDelayMs: 250,
  retryMaxDelayMs: 2000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
  unavailableRetryAfterSeconds: 5,
};

/**
 * `safe`: idempotent (a read such as Paystack's verify), retried on any transient failure.
 * `unsafe`: has an effect (creating a transaction, a refund), retried only when the request
 * provably never reached the service (connection refused, host not found).
 */
export type CallSafety = 'safe' | 'unsafe';

/** Why an attempt failed transiently. */
export type TransientReason = 'timeout' | 'network' | 'server_error' | 'bad_response';

/**
 * An attempt that failed for a reason that may pass: it counts towards opening the circuit.
 * `delivered` is false only when the request cannot have reached the service.
 */
export class TransientCallError extends Error {
  constructor(
    readonly reason: TransientReason,
    readonly delivered: boolean,
    message: string,
  ) {
    super(message);
    this.name = 'TransientCallError';
  }
}

/** The service answered 429: retried for safe calls, not counted as a failure of the service. */
export class RateLimitedCallError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Rate limited; retry after ${retryAfterSeconds} s`);
    this.name = 'RateLimitedCallError';
  }
}

/** Calls were not attempted because the circuit is open; `retryAfterSeconds` (≥ 1) until the next trial. */
export class CircuitOpenError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super(`Circuit open; next trial in ${retryAfterSeconds} s`);
    this.name = 'CircuitOpenError';
  }
}

/** The circuit's state, as reported for health and tests. */
export type CircuitStatus = 'closed' | 'open' | 'half_open' | 'isolated';

const STATUS_OF_STATE: Record<CircuitState, CircuitStatus> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

/**
 * Timeout per attempt, retries with exponential backoff and jitter, and a circuit breaker for one
 * outside service, built on cockatiel (retry ▸ circuit breaker ▸ timeout: every attempt, retries
 * included, counts for the breaker and gets its own timeout). One instance per service, shared by
 * every call: the breaker's memory is the point.
 *
 * The function given to {@link execute} makes one attempt and must classify its failures:
 * throw {@link TransientCallError} (counts for the breaker) or {@link RateLimitedCallError}; any
 * other error (e.g. the service refusing the request with a 4xx) passes through untouched,
 * without retry and without counting for or against the breaker.
 */
export class ResilientCaller {
  readonly options: ResilienceOptions;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly safePolicy: IPolicy;
  private readonly unsafePolicy: IPolicy;
  private openedAt = 0;

  /**
   * @param onStateChange told when the circuit opens (`open`), lets a trial through (`half_open`)
   *   or closes again (`closed`), e.g. to log it.
   */
  constructor(options: Partial<ResilienceOptions> = {}, onStateChange?: (state: CircuitStatus) => void) {
    this.options = { ...DEFAULT_RESILIENCE, ...options };
    const o = this.options;
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof TransientCallError),
      { halfOpenAfter: o.halfOpenAfterMs, breaker: new ConsecutiveBreaker(o.breakerThreshold) },
    );
    this.breaker.onBreak(() => {
      this.openedAt = Date.now();
    });
    if (onStateChange) this.breaker.onStateChange((state) => onStateChange(STATUS_OF_STATE[state]));
    const backoff = new ExponentialBackoff({ initialDelay: o.retryInitialDelayMs, maxDelay: o.retryMaxDelayMs, generator: halfJitterGenerator });
    const perAttempt = timeout(o.timeoutMs, TimeoutStrategy.Cooperative);
    const retrySafe = retry(
      handleWhen((error) => error instanceof TransientCallError || error instanceof RateLimitedCallError),
      { maxAttempts: o.maxRetries, backoff },
    );
    const retryUndelivered = retry(
      handleWhen((error) => error instanceof TransientCallError && !error.delivered),
      { maxAttempts: o.maxRetries, backoff },
    );
    this.safePolicy = wrap(retrySafe, this.breaker, perAttempt);
    this.unsafePolicy = wrap(retryUndelivered, this.breaker, perAttempt);
  }

  /**
   * Runs `attempt` under the policy. `attempt` receives the signal that aborts it at its timeout
   * and must pass it to its I/O (fetch), and throw {@link TransientCallError} with reason
   * `timeout` when it was aborted.
   * @throws CircuitOpenError when the circuit is open (no attempt was made).
   * @throws TransientCallError / RateLimitedCallError of the last attempt once retries are spent.
   * @throws whatever else `attempt` throws, at once.
   */
  async execute<T>(safety: CallSafety, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const policy = safety === 'safe' ? this.safePolicy : this.unsafePolicy;
    try {
      return (await policy.execute(({ signal }) => attempt(signal))) as T;
    } catch (error) {
      if (isBrokenCircuitError(error) || isIsolatedCircuitError(error)) throw new CircuitOpenError(this.secondsUntilTrial());
      throw error;
    }
  }

  /** The circuit's state now. */
  get state(): CircuitStatus {
    return STATUS_OF_STATE[this.breaker.state];
  }

  /**
   * Seconds until the open circuit lets a trial call through (at least 1; rounded up).
   * When the circuit is not open: `unavailableRetryAfterSeconds`.
   */
  secondsUntilTrial(): number {
    if (this.breaker.state !== CircuitState.Open) return this.options.unavailableRetryAfterSeconds;
    const remainingMs = this.openedAt + this.options.halfOpenAfterMs - Date.now();
    return Math.max(1, Math.ceil(remainingMs / 1000));
  }
}
