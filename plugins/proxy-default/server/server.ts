import { SystemClock, type Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { createLogger } from '../../../core/runtime/logger.js';
import { loggerOptionsFor } from '../../../core/runtime/logging-settings.js';
import { buildProxyApp } from './app.js';
import type { ProxyConfig } from './config.js';
import type { ProxyContext } from './context.js';
import { InboxWaiters } from './inbox-waiters.js';
import { ClientKeyVerifier } from './key-hash.js';
import { createProxyMetrics } from './metrics.js';
import { TokenBucketLimiter } from './rate-limiter.js';
import { RetentionSweeper } from './retention-sweeper.js';
import { WebhookLogSummary } from './webhook-log-summary.js';
import { openPostgresProxyStorage } from './storage/postgres-storage.js';
import { openSqliteProxyStorage } from './storage/sqlite-storage.js';
import type { ProxyStorage, SweepResult } from './storage/types.js';

/** A running proxy. */
export interface RunningProxy {
  /** Where it listens, e.g. `http://127.0.0.1:8080` (not the public URL). */
  url: string;
  /** Runs the retention sweep now (it also runs every `sweepSeconds`). */
  sweepNow(): Promise<SweepResult>;
  /** Ends streams and polls, stops listening, closes the storage. Idempotent. */
  close(): Promise<void>;
}

/** Options of {@link startProxyServer}. */
export interface ProxyServerOptions {
  /** @default JSON lines on standard output at config.logging.level (LOG_LEVEL and LOG_FORMAT win, as for the host) */
  logger?: Logger;
  /** @default the system clock */
  clock?: Clock;
  /** Use this storage instead of opening the configured one (it is closed with the server). */
  storage?: ProxyStorage;
}

/** Failed client authentications allowed per account and address: 10 at once, then one every 6 s. */
const AUTH_FAILURE_RATE = { perSecond: 1 / 6, burst: 10 };

/**
 * Opens the storage (migrating it), starts the HTTP server and the retention sweep.
 *
 * @example
 * const proxy = await startProxyServer(await loadProxyConfig({ configPath }), { logger });
 * process.once('SIGTERM', () => void proxy.close());
 */
export async function startProxyServer(config: ProxyConfig, options: ProxyServerOptions = {}): Promise<RunningProxy> {
  const logger = (options.logger ?? createLogger(loggerOptionsFor({ level: config.logging.level }, { configDir: process.cwd() }))).child({
    component: 'proxy',
  });
  const clock = options.clock ?? new SystemClock();
  const storage = options.storage ?? (await openStorage(config, logger));
  const metrics = createProxyMetrics(storage);
  const waiters = new InboxWaiters(storage);
  const ctx: ProxyContext = {
    config,
    storage,
    clock,
    logger,
    metrics,
    waiters,
    verifier: new ClientKeyVerifier(new Map(Object.entries(config.accounts).map(([sid, a]) => [sid, a.clientKeyHash]))),
    limits: {
      perIp: new TokenBucketLimiter(config.rateLimit.perIp, clock),
      perAccount: new TokenBucketLimiter(config.rateLimit.perAccount, clock),
      authFailures: new TokenBucketLimiter(AUTH_FAILURE_RATE, clock),
      joinAttempts: new TokenBucketLimiter(config.joinGate.attemptRate, clock),
    },
    webhookLog: new WebhookLogSummary(logger),
    sessions: new Set(),
    closing: false,
  };
  const sweeper = new RetentionSweeper(storage, {
    retentionMs: config.retentionHours * 3_600_000,
    intervalMs: config.sweepSeconds * 1000,
    clock,
    logger,
    metrics,
  });
  const app = buildProxyApp(ctx);
  let address: string;
  try {
    address = await app.listen({ host: config.listen.host, port: config.listen.port });
  } catch (error) {
    waiters.close();
    await storage.close();
    throw error;
  }
  sweeper.start();
  ctx.webhookLog.start();
  logger.info(
    {
      listen: address,
      publicUrl: config.publicUrl,
      storage: storage.kind,
      accounts: Object.keys(config.accounts).length,
      legacyEndpoint: config.legacyEndpoint,
    },
    config.legacyEndpoint ? 'proxy started (legacy endpoint ON: insecure)' : 'proxy started',
  );

  let closing: Promise<void> | undefined;
  return {
    url: address,
    sweepNow: () => sweeper.sweepNow(),
    close: () =>
      (closing ??= (async () => {
        await sweeper.stop();
        await app.close();
        ctx.webhookLog.stop();
        waiters.close();
        await storage.close();
        logger.info('proxy stopped');
      })()),
  };
}

async function openStorage(config: ProxyConfig, logger: Logger): Promise<ProxyStorage> {
  if (config.storage.type === 'postgres') {
    return openPostgresProxyStorage({
      connectionString: config.storage.connectionString!,
      schema: config.storage.schema,
      poolSize: config.storage.poolSize,
      logger,
    });
  }
  return openSqliteProxyStorage(config.storage.path, { synchronous: config.storage.synchronous });
}
