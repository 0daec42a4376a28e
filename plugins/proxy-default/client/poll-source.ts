import { ClinicArrivalsError, ConfigError } from '@clinic-arrivals/plugin-kit';
import type { ConnectionTracker, MessageSource } from './connection.js';
import type { ProxyEndpoint } from './endpoint.js';
import { errorForFailure, errorForResponse, PROXY_ERROR_CODES, withTimeout } from './http.js';
import { numbersRefused, toParams } from './routing.js';
import { parsePollAnswer, type WireMessage } from './wire.js';

/** Most messages asked for per poll (the proxy's own maximum). */
const POLL_LIMIT = 100;

/** Settings of {@link PollSource}. */
export interface PollSourceOptions {
  /** How long the proxy may hold the poll open when nothing is waiting. */
  waitSeconds: number;
  /** Added to the wait for the whole request's deadline. */
  requestTimeoutMs: number;
  /** The clinic's numbers: only their messages are asked for (routing.ts). Undefined: all of the account's. */
  numbers?: readonly string[];
  onMalformed(count: number): void;
}

/**
 * `GET /v1/inbox?wait=&limit=[&to=…]`: long polls, one after another. The proxy answers at once
 * when something is waiting and otherwise holds the request up to `wait` seconds, so a new
 * reply arrives about as fast as over the stream, through proxies that dislike streams.
 */
export class PollSource implements MessageSource {
  constructor(
    private readonly endpoint: ProxyEndpoint,
    private readonly options: PollSourceOptions,
  ) {}

  pauseAfterCleanEnd(): number {
    return 0; // the proxy did the waiting
  }

  async *attempt(signal: AbortSignal, connection: ConnectionTracker): AsyncGenerator<WireMessage[]> {
    const { waitSeconds, requestTimeoutMs } = this.options;
    const label = { what: 'poll' };
    let body: unknown;
    try {
      const to = toParams(this.options.numbers);
      const response = await fetch(this.endpoint.url(`/v1/inbox?wait=${waitSeconds}&limit=${POLL_LIMIT}${to ? `&${to}` : ''}`), {
        headers: { ...this.endpoint.authorization(), accept: 'application/json' },
        signal: withTimeout(signal, waitSeconds * 1000 + requestTimeoutMs),
      });
      if (response.status === 400) {
        const refused = await numbersRefused(response);
        if (refused) throw refused;
        throw new ConfigError(
          `inbox.options.pollWaitSeconds: the reply proxy refused wait=${waitSeconds}; use at most its timeouts.longPollMaxSeconds`,
          'inbox.options.pollWaitSeconds',
        );
      }
      if (!response.ok) throw await errorForResponse(response, label);
      body = await response.json().catch(() => undefined);
    } catch (error) {
      throw errorForFailure(error, label, signal);
    }
    const parsed = parsePollAnswer(body);
    if (!parsed)
      throw new ClinicArrivalsError(PROXY_ERROR_CODES.protocol, 'the reply proxy answered a poll with something other than { messages }', { retryable: true });
    if (parsed.malformed > 0) this.options.onMalformed(parsed.malformed);
    connection.connected();
    yield parsed.messages;
  }
}
