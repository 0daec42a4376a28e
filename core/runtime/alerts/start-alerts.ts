import type { HostConfig } from '../../config/types.js';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../../store/store.js';
import type { MessageRenderer } from '../../executor/message-renderer.js';
import type { PluginHealthFeed } from '../plugin-health-feed.js';
import type { StatusBoard } from '../status-board.js';
import { ALERT_CHECK_EVERY_MS, alertCheckLoop } from './alert-loop.js';
import { alertSettingsOf } from './alert-settings.js';
import { AlertWatcher, type AlertTexter } from './alert-watcher.js';
import { SmtpAlertMailer } from './email-channel.js';

/** The host's alerts, started: timed checks to start, a check to run by hand, a stop. */
export interface RunningAlerts {
  /** Starts the timed checks (the host's loops). */
  startLoop(): void;
  /** One check now. */
  check(): Promise<void>;
  /** Idempotent. */
  stop(): Promise<void>;
}

/**
 * Builds and starts the alert watcher from the config: the admin number through `texter`, email
 * when `alerts.email` is set. Without a health feed there is nothing to watch: a no-op.
 */
export async function startAlerts(deps: {
  feed?: PluginHealthFeed;
  config: HostConfig;
  store: Store;
  clock: Clock;
  logger: Logger;
  board: StatusBoard;
  texter: AlertTexter;
  renderer: MessageRenderer;
}): Promise<RunningAlerts> {
  const { feed, config, store, clock, board, texter, renderer } = deps;
  if (!feed) return { startLoop: () => undefined, check: async () => undefined, stop: async () => undefined };
  const logger = deps.logger.child({ component: 'alerts' });
  const email = config.alerts?.email;
  const watcher = new AlertWatcher({
    feed,
    store,
    clock,
    logger,
    texter,
    settings: alertSettingsOf(config.alerts),
    clinic: config.clinic,
    mailer: email ? new SmtpAlertMailer(email, logger) : undefined,
    render: (template, vars) => renderer.render(template, { ...vars }),
  });
  await watcher.start();
  const loop = alertCheckLoop(watcher, board, logger);
  return {
    // start() has just checked once; the next timed check comes one interval later.
    startLoop: () => loop.start(ALERT_CHECK_EVERY_MS),
    check: () => watcher.check(),
    stop: async () => {
      await loop.stop();
      await watcher.stop();
    },
  };
}
