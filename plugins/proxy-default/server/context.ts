import type { FastifyReply } from 'fastify';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { ProxyConfig } from './config.js';
import { retryAfterSeconds } from './http-reply.js';
import type { InboxWaiters } from './inbox-waiters.js';
import type { ClientKeyVerifier } from './key-hash.js';
import type { ProxyMetrics } from './metrics.js';
import type { TokenBucketLimiter } from './rate-limiter.js';
import type { ProxyStorage } from './storage/types.js';
import type { WebhookLogSummary } from './webhook-log-summary.js';

/** Everything the routes share. Built once per server by server.ts. */
export interface ProxyContext {
  config: ProxyConfig;
  storage: ProxyStorage;
  clock: Clock;
  logger: Logger;
  metrics: ProxyMetrics;
  waiters: InboxWaiters;
  verifier: ClientKeyVerifier;
  limits: {
    /** Every request, by client address. */
    perIp: TokenBucketLimiter;
    /** Signed webhooks and authenticated client calls, by account. */
    perAccount: TokenBucketLimiter;
    /** Failed client authentications, by key id (AccountSid) and client address together (see client-auth.ts). */
    authFailures: TokenBucketLimiter;
    /** Join-code attempts (POST /verify/attempt), by client address. */
    joinAttempts: TokenBucketLimiter;
  };
  /** Periodic info summary of stored webhooks (each one is logged at debug). */
  webhookLog: WebhookLogSummary;
  /** Open streams and waiting polls, so close() can end them. */
  sessions: Set<{ end(): void }>;
  /** Set when the server starts closing: new webhooks get 503 and Twilio retries them. */
  closing: boolean;
}

/** Answers with `{ error, message }` JSON; `error` is a stable code clients may branch on. */
export function sendError(reply: FastifyReply, status: number, error: string, message: string, retryAfterMs?: number): FastifyReply {
  if (retryAfterMs !== undefined) reply.header('retry-after', retryAfterSeconds(retryAfterMs));
  return reply.code(status).type('application/json; charset=utf-8').send({ error, message });
}
