import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { ClinicArrivalsError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import type { ConnectionTracker, MessageSource } from './connection.js';
import { errorForFailure, errorForResponse, PROXY_ERROR_CODES } from './http.js';
import type { ProxyEndpoint } from './endpoint.js';
import { numbersRefused, toParams } from './routing.js';
import { parseWireMessage, type WireMessage } from './wire.js';

/** Largest event the parser buffers; a message is a few kB at most. */
const MAX_EVENT_CHARS = 1024 * 1024;
/** Pause before reopening a stream the server closed, unless it sent `retry:`. */
const DEFAULT_RETRY_MS = 1000;

/** Settings of {@link StreamSource}. */
export interface StreamSourceOptions {
  connectTimeoutMs: number;
  /** Silence (no bytes at all, heartbeats included) after which the stream is reopened. */
  idleTimeoutMs: number;
  /** Counts events that are not client API messages (skipped, never acknowledged). */
  onMalformed(): void;
  /** The clinic's numbers: only their messages are asked for (routing.ts). Undefined: all of the account's. */
  numbers?: readonly string[];
}

/**
 * `GET /v1/inbox/stream[?to=…]`: Server-Sent Events, one `message` event per message (JSON data),
 * `: heartbeat` comments in between. The body is read only while the host asks for more, so
 * a busy host applies back-pressure instead of piling messages up in memory. A stream silent
 * for longer than `idleTimeoutMs` is taken as dead (a NAT or reverse proxy dropped it quietly).
 */
export class StreamSource implements MessageSource {
  private serverRetryMs: number | undefined;

  constructor(
    private readonly endpoint: ProxyEndpoint,
    private readonly options: StreamSourceOptions,
  ) {}

  pauseAfterCleanEnd(): number {
    return this.serverRetryMs ?? DEFAULT_RETRY_MS;
  }

  async *attempt(signal: AbortSignal, connection: ConnectionTracker): AsyncGenerator<WireMessage[]> {
    const label = { what: 'stream' };
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    let why: 'connect' | 'idle' | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = (kind: 'connect' | 'idle', ms: number) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        why = kind;
        controller.abort();
      }, ms);
    };
    const timedOut = () =>
      new UnreachableError(
        why === 'idle'
          ? `the reply proxy stream was silent for ${Math.round(this.options.idleTimeoutMs / 1000)} s`
          : 'the reply proxy did not answer the stream request in time',
      );

    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    try {
      let response: Response;
      arm('connect', this.options.connectTimeoutMs);
      try {
        const to = toParams(this.options.numbers);
        response = await fetch(this.endpoint.url(`/v1/inbox/stream${to ? `?${to}` : ''}`), {
          headers: { ...this.endpoint.authorization(), accept: 'text/event-stream', 'cache-control': 'no-store' },
          signal: controller.signal,
        });
      } catch (error) {
        throw why ? timedOut() : errorForFailure(error, label, signal);
      }
      if (response.status === 400) throw (await numbersRefused(response.clone())) ?? (await errorForResponse(response, label));
      if (!response.ok) throw await errorForResponse(response, label);
      if (!/^text\/event-stream\b/i.test(response.headers.get('content-type') ?? '') || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw new ClinicArrivalsError(PROXY_ERROR_CODES.protocol, 'the reply proxy answered the stream request with something other than an event stream', {
          retryable: true,
        });
      }
      connection.connected();
      yield []; // connected: lets the reconnect loop reset its backoff

      const events: EventSourceMessage[] = [];
      let parseError: Error | undefined;
      const parser = createParser({
        onEvent: (event) => events.push(event),
        onRetry: (ms) => {
          this.serverRetryMs = ms;
        },
        onError: (error) => {
          if (error.type === 'max-buffer-size-exceeded') parseError = error;
        },
        maxBufferSize: MAX_EVENT_CHARS,
      });
      const decoder = new TextDecoder();
      reader = response.body.getReader();
      for (;;) {
        // The watchdog runs only while waiting for bytes, not while the host handles a batch.
        arm('idle', this.options.idleTimeoutMs);
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (error) {
          throw why ? timedOut() : errorForFailure(error, label, signal);
        } finally {
          clearTimeout(timer);
        }
        if (chunk.done) return;
        parser.feed(decoder.decode(chunk.value, { stream: true }));
        if (parseError) throw new ClinicArrivalsError(PROXY_ERROR_CODES.protocol, 'the reply proxy sent an event larger than 1 MB', { retryable: true });
        const batch = this.messagesOf(events.splice(0));
        if (batch.length > 0) yield batch;
      }
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
      controller.abort();
      try {
        reader?.releaseLock();
      } catch {
        // already released with the aborted body
      }
    }
  }

  private messagesOf(events: EventSourceMessage[]): WireMessage[] {
    const batch: WireMessage[] = [];
    for (const event of events) {
      if (event.event !== undefined && event.event !== 'message') continue; // future event kinds
      let parsed: WireMessage | undefined;
      try {
        parsed = parseWireMessage(JSON.parse(event.data));
      } catch {
        parsed = undefined;
      }
      if (parsed) batch.push(parsed);
      else this.options.onMalformed();
    }
    return batch;
  }
}
