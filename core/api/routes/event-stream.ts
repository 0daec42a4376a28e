import type { ServerResponse } from 'node:http';
import type { ChangeEvent, ChangeFeed, ChangeTopic } from '../host-api.js';

/** Options of {@link EventStreamHub}. */
export interface EventStreamOptions {
  /** More clients than this are refused (each holds a socket and a subscription). @default 50 */
  maxClients?: number;
  /** A comment line this often keeps proxies and idle sockets from dropping the stream. @default 15 s */
  heartbeatMs?: number;
  /** How long a browser waits before reconnecting (the `retry:` field). @default 2 s */
  retryMs?: number;
}

/** One open stream: its socket and the topics it missed while its buffer was full. */
interface Client {
  response: ServerResponse;
  unsubscribe(): void;
  missed: Set<ChangeTopic>;
}

/**
 * The open server-sent-event streams of one API instance. Events are written straight to each
 * socket; a client whose socket buffer is full gets no more writes until it drains (then one
 * id-less event per topic it missed, meaning "refetch that list"), so a slow reader never grows
 * the host's memory or holds up anyone else.
 */
export class EventStreamHub {
  private readonly clients = new Set<Client>();
  private readonly maxClients: number;
  private readonly heartbeatMs: number;
  private readonly retryMs: number;
  private heartbeat?: NodeJS.Timeout;
  /** The `id:` of the last event written; shared by all clients so ids only ever grow. */
  private sequence = 0;

  constructor(
    private readonly feed: ChangeFeed,
    options: EventStreamOptions = {},
  ) {
    this.maxClients = options.maxClients ?? 50;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.retryMs = options.retryMs ?? 2_000;
  }

  get size(): number {
    return this.clients.size;
  }

  get full(): boolean {
    return this.clients.size >= this.maxClients;
  }

  /** Takes over `response` (headers already written by the caller) until its socket closes or {@link closeAll}. */
  add(response: ServerResponse): void {
    const client: Client = { response, missed: new Set(), unsubscribe: () => {} };
    this.clients.add(client);
    client.unsubscribe = this.feed.subscribe((event) => this.deliver(client, event));
    response.on('drain', () => this.catchUp(client));
    response.on('close', () => this.remove(client));
    response.write(`retry: ${this.retryMs}\n: connected\n\n`);
    this.heartbeat ??= setInterval(() => this.beat(), this.heartbeatMs).unref();
  }

  /** Ends every stream (the host is stopping: open streams must not hold up the server's close). */
  closeAll(): void {
    for (const client of [...this.clients]) {
      this.remove(client);
      client.response.end();
    }
  }

  private deliver(client: Client, event: ChangeEvent): void {
    if (client.response.writableNeedDrain) {
      client.missed.add(event.topic);
      return;
    }
    this.write(client, event);
  }

  private catchUp(client: Client): void {
    const topics = [...client.missed];
    client.missed.clear();
    for (const topic of topics) {
      if (client.response.writableNeedDrain) {
        client.missed.add(topic);
        continue;
      }
      this.write(client, { topic });
    }
  }

  private write(client: Client, event: ChangeEvent): void {
    this.sequence += 1;
    client.response.write(`id: ${this.sequence}\nevent: change\ndata: ${JSON.stringify(event)}\n\n`);
  }

  private beat(): void {
    for (const client of this.clients) if (!client.response.writableNeedDrain) client.response.write(': heartbeat\n\n');
  }

  private remove(client: Client): void {
    if (!this.clients.delete(client)) return;
    client.unsubscribe();
    if (this.clients.size === 0 && this.heartbeat) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }
}
