import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** A change event as the stream carries it. */
export interface StreamEvent {
  event?: string;
  id?: string;
  data: { topic: string; id?: string };
}

/** An open `GET /api/events` read with fetch, as a browser's EventSource would. */
export interface TestStream {
  status: number;
  headers: Headers;
  /** Every event so far, oldest first. */
  events: StreamEvent[];
  /** The `retry:` hint, once seen. */
  retryMs?: number;
  /** Resolves with the first event (past or future) that matches; rejects after `timeoutMs`. */
  waitFor(match: (event: StreamEvent) => boolean, what: string, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openEventStream(url: string, headers: Record<string, string> = {}): Promise<TestStream> {
  const abort = new AbortController();
  const response = await fetch(`${url}/api/events`, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const waiters = new Set<() => void>();
  const stream: TestStream = {
    status: response.status,
    headers: response.headers,
    events: [],
    ended: Promise.resolve(),
    waitFor(match, what, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = stream.events.find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${what} event within ${timeoutMs} ms; got ${JSON.stringify(stream.events.map((e) => e.data))}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    close: () => abort.abort(),
  };
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      stream.events.push({ event: message.event, id: message.id, data: JSON.parse(message.data) });
      for (const waiter of [...waiters]) waiter();
    },
    onRetry(ms) {
      stream.retryMs = ms;
    },
  });
  stream.ended = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    } catch {
      // Aborted by close(): the stream ends here.
    }
  })();
  return stream;
}
