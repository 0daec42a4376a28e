import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { AuthError, ClinicArrivalsError, ConfigError, describeError } from '@clinic-arrivals/plugin-kit';
import { Backoff, type BackoffOptions } from '@clinic-arrivals/plugin-kit';
import type { WireMessage } from './wire.js';

/** Where the connection to the proxy stands. */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'stopped';

/**
 * One way of getting messages from the proxy (stream, long poll, legacy fetch). `attempt`
 * is one connection or one request: it yields batches as they come and ends (or throws) when
 * that connection is over. The reconnect loop around it decides when to try again.
 */
export interface MessageSource {
  attempt(signal: AbortSignal, connection: ConnectionTracker): AsyncGenerator<WireMessage[]>;
  /** Pause after an attempt that ended without an error (a poll that returned, a stream the server closed). */
  pauseAfterCleanEnd(): number;
}

/** Errors a person must fix: reconnecting will not help, so they go up to the host. */
export function isFatal(error: unknown): boolean {
  return error instanceof AuthError || error instanceof ConfigError;
}

/** Connection state and counters for health; logs state changes (never message content). */
export class ConnectionTracker {
  state: ConnectionState = 'idle';
  reconnects = 0;
  connectedSince: number | undefined;
  lastError: { code: string; message: string; at: number } | undefined;
  private fatal = false;

  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  connecting(): void {
    if (this.state === 'idle' || this.state === 'stopped') this.state = 'connecting';
  }

  connected(): void {
    if (this.state !== 'connected') {
      if (this.state === 'reconnecting') this.logger.info({ reconnects: this.reconnects }, 'reply proxy connection restored');
      this.state = 'connected';
      this.connectedSince = this.clock.now();
    }
    this.fatal = false;
  }

  failed(error: unknown, delayMs?: number): void {
    const code = error instanceof ClinicArrivalsError ? error.code : 'CA_ERR_PROXY_UNKNOWN';
    this.lastError = { code, message: describeError(error), at: this.clock.now() };
    this.fatal = isFatal(error);
    const wasUp = this.state === 'connected';
    this.state = this.fatal ? 'failed' : 'reconnecting';
    this.connectedSince = undefined;
    if (this.fatal) {
      this.logger.error({ err: this.lastError.message }, 'reply proxy refused this client; a person must fix the config');
    } else {
      this.reconnects += 1;
      // The first failure after being up is worth a line; the retries after it are not.
      this.logger[wasUp ? 'warn' : 'debug']({ err: this.lastError.message, retryInMs: delayMs }, 'reply proxy connection lost; reconnecting');
    }
  }

  stopped(): void {
    this.state = 'stopped';
    this.connectedSince = undefined;
  }

  get isFatal(): boolean {
    return this.fatal;
  }
}

/**
 * Runs `source` until `signal` aborts: each attempt's batches are passed on; a failed attempt
 * is retried after a backoff (or the server's Retry-After, when longer); an error a person
 * must fix (AuthError, ConfigError) is thrown to the host, which shows it and retries later.
 */
export async function* reconnecting(
  source: MessageSource,
  signal: AbortSignal,
  connection: ConnectionTracker,
  backoffOptions: BackoffOptions,
): AsyncGenerator<WireMessage[]> {
  const backoff = new Backoff(backoffOptions);
  connection.connecting();
  while (!signal.aborted) {
    let delivered = false;
    try {
      for await (const batch of source.attempt(signal, connection)) {
        delivered = true;
        backoff.reset();
        if (batch.length > 0) yield batch;
        if (signal.aborted) return;
      }
      if (signal.aborted) return;
      await pause(delivered ? source.pauseAfterCleanEnd() : Math.max(source.pauseAfterCleanEnd(), backoff.next()), signal);
    } catch (error) {
      if (signal.aborted) return;
      if (isFatal(error)) {
        connection.failed(error);
        throw error;
      }
      const suggested = (error as { retryAfterMs?: number }).retryAfterMs ?? 0;
      const delayMs = Math.max(suggested, backoff.next());
      connection.failed(error, delayMs);
      await pause(delayMs, signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. Never rejects. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted || ms <= 0) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
