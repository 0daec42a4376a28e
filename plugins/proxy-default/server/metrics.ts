import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProxyStorage } from './storage/types.js';

/**
 * The proxy's Prometheus metrics, in a registry of its own (several servers in one process,
 * as in tests, do not collide). No label carries an account, number or text.
 */
export interface ProxyMetrics {
  registry: Registry;
  /** Webhooks by kind (`sms`, `status`) and outcome (`accepted`, `duplicate`, or a reject reason). */
  webhooks: Counter<'kind' | 'outcome'>;
  /** Messages handed to clients, by channel (`poll`, `stream`, `legacy`). */
  deliveries: Counter<'channel'>;
  acks: Counter;
  clientAuthFailures: Counter;
  rateLimited: Counter<'scope'>;
  swept: Counter<'what'>;
  /** Join-code attempts by outcome (`ok`, `wrong`, `locked`, `code_expired`, `expired`). */
  joinAttempts: Counter<'outcome'>;
  /** Join locks published (`put`) and withdrawn (`delete`) by clients. */
  joinLocks: Counter<'action'>;
  /** Connections closed on arrival, by the cap they hit (`total`, `address`). */
  connectionsRefused: Counter<'reason'>;
  /** Requests (headers and body) not received within `timeouts.requestSeconds`. */
  requestTimeouts: Counter;
  streamClients: Gauge;
  waitingPolls: Gauge;
}

/** Creates the metrics; `messages_pending` asks the storage at scrape time. */
export function createProxyMetrics(storage: ProxyStorage): ProxyMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ca_proxy_' });
  const registers = [registry];
  new Gauge({
    name: 'ca_proxy_messages_pending',
    help: 'Messages stored and not yet acknowledged (leased or not).',
    registers,
    async collect() {
      this.set(await storage.countPending());
    },
  });
  return {
    registry,
    webhooks: new Counter({ name: 'ca_proxy_webhooks_total', help: 'Twilio webhooks by kind and outcome.', labelNames: ['kind', 'outcome'], registers }),
    deliveries: new Counter({ name: 'ca_proxy_deliveries_total', help: 'Messages handed to clients, by channel.', labelNames: ['channel'], registers }),
    acks: new Counter({ name: 'ca_proxy_acks_total', help: 'Messages acknowledged and deleted.', registers }),
    clientAuthFailures: new Counter({ name: 'ca_proxy_client_auth_failures_total', help: 'Client API requests with a missing or wrong key.', registers }),
    rateLimited: new Counter({
      name: 'ca_proxy_rate_limited_total',
      help: 'Requests refused by a rate limit, by scope (ip, account, auth, join_attempt).',
      labelNames: ['scope'],
      registers,
    }),
    swept: new Counter({ name: 'ca_proxy_swept_total', help: 'Rows deleted by the retention sweep.', labelNames: ['what'], registers }),
    joinAttempts: new Counter({ name: 'ca_proxy_join_attempts_total', help: 'Join-code attempts by outcome.', labelNames: ['outcome'], registers }),
    joinLocks: new Counter({ name: 'ca_proxy_join_locks_total', help: 'Join locks published and withdrawn.', labelNames: ['action'], registers }),
    connectionsRefused: new Counter({
      name: 'ca_proxy_connections_refused_total',
      help: 'Connections closed on arrival, by the cap they hit (total, address).',
      labelNames: ['reason'],
      registers,
    }),
    requestTimeouts: new Counter({
      name: 'ca_proxy_request_timeouts_total',
      help: 'Requests not received in full within timeouts.requestSeconds (answered 408, connection closed).',
      registers,
    }),
    streamClients: new Gauge({ name: 'ca_proxy_stream_clients', help: 'Open Server-Sent Events streams.', registers }),
    waitingPolls: new Gauge({ name: 'ca_proxy_waiting_polls', help: 'Long polls waiting for a message.', registers }),
  };
}
