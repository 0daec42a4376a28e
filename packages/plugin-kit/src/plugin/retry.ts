import { classify } from './classify.js';

/*
 * A small loop rather than p-retry: p-retry sleeps with its own timers (tests would wait for
 * real), cannot honour a server's Retry-After per failure, and treats TypeErrors specially.
 */

/** Settings of the exponential backoff shared by {@link withRetry} and {@link Backoff}. */
export interface BackoffOptions {
  /** Delay before the first retry, and the floor of every delay. */
  minDelayMs: number;
  /** No delay is longer (a server's `retryAfterMs` excepted). */
  maxDelayMs: number;
  /** Growth per attempt. @default 2 */
  factor?: number;
  /** Source of jitter in [0, 1). Tests pin it. @default Math.random */
  random?: () => number;
}

/** Options of {@link withRetry}. */
export interface RetryOptions extends BackoffOptions {
  /** Retries after the first attempt (0 = try once). */
  retries: number;
  /** Aborting stops waiting at once and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called before each wait: the error, the attempt that failed (1-based) and the delay chosen. */
  onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  /** How to wait. Tests inject one that returns at once. @default a timer that aborts with `signal` */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Delay before retry number `attempt` (1-based): a random point between `minDelayMs` and
 * `minDelayMs * factor^attempt`, that upper bound capped at `maxDelayMs`. The jitter keeps
 * clients that failed together from retrying together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const { minDelayMs, maxDelayMs, factor = 2, random = Math.random } = options;
  const ceiling = Math.min(maxDelayMs, minDelayMs * factor ** attempt);
  const floor = Math.min(minDelayMs, ceiling);
  return Math.round(floor + random() * (ceiling - floor));
}

/**
 * Calls `fn` until it succeeds, retrying failures of kind `not-ready` (see `classify`) up to
 * `retries` times with exponential backoff and jitter. Nothing else is retried: not an
 * outcome-unknown send, and not an untyped error (map network failures to UnreachableError or
 * UnavailableError where a retry is safe). A `retryAfterMs` on the error is
 * waited instead, as the server asked, even beyond `maxDelayMs`. Other errors, and the last
 * failure, are thrown unchanged.
 *
 * @example
 * const receipt = await withRetry(() => sender.send(message), { retries: 3, minDelayMs: 500, maxDelayMs: 10_000, signal });
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { retries, signal, onRetry, sleep = abortableSleep } = options;
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      signal?.throwIfAborted();
      const { kind, retryAfterMs } = classify(error);
      if (attempt > retries || kind !== 'not-ready') throw error;
      const delayMs = retryAfterMs ?? backoffDelay(attempt, options);
      onRetry?.(error, attempt, delayMs);
      await sleep(delayMs, signal);
    }
  }
}

/**
 * Backoff for loops that reconnect forever (inbox streams, PMS polling after an outage):
 * `next()` gives the delay before the next try and advances; `reset()` after a success.
 *
 * @example
 * const backoff = new Backoff({ minDelayMs: 1000, maxDelayMs: 60_000 });
 * for (;;) { try { await connect(); backoff.reset(); } catch { await sleep(backoff.next()); } }
 */
export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** Failures since the last reset. */
  get attempts(): number {
    return this.failures;
  }

  /** The delay before the next try; each call counts one more failure. */
  next(): number {
    this.failures++;
    return backoffDelay(this.failures, this.options);
  }

  reset(): void {
    this.failures = 0;
  }
}

/** A timer that rejects with the signal's reason when aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
