import type { DependencyContainer } from 'tsyringe';
import { SystemClock, describeError, type Clock, type Logger, type PluginRole } from '@clinic-arrivals/plugin-kit';
import type { HostControl } from '../api/host-api.js';
import { createApiServer, type ApiServer } from '../api/server.js';
import { signInSettingsOf } from '../auth/settings.js';
import type { LoadedConfig } from '../config/types.js';
import { prepareClinicCell, type ClinicCell } from './clinic-cell.js';
import { openClinicStore, type OpenedClinicStore } from './clinic-store.js';
import { createLogger } from './logger.js';
import { loggerOptionsFor } from './logging-settings.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import type { PluginSlot } from './plugin-slot.js';
import { startupBanner } from './startup-banner.js';
import { isCountingInbox } from './plugin-capabilities.js';
import { TOKENS } from './tokens.js';

/** Options of {@link startHost}. */
export interface StartHostOptions {
  /** @default the system clock */
  clock?: Clock;
  /** @default the logger `config.logging` (and LOG_LEVEL / LOG_FORMAT) describe, on standard output */
  logger?: Logger;
  /** Overrides `api.port` (0 picks a free port). */
  apiPort?: number;
  /**
   * Run the loops on timers. `false` leaves them to the caller (tests drive
   * {@link RunningHost.runTodayCycle} and friends by hand, often with a manual clock).
   * @default true
   */
  startLoops?: boolean;
  /** Print where the API is (and simulator examples) to standard error, away from the JSON log. @default true */
  printBanner?: boolean;
  /**
   * Plugin health for `/api/ready`, `/metrics` and alerts to the admin, instead of the host's
   * own health windows (tests).
   */
  healthFeed?: PluginHealthFeed;
}

/** A started host. */
export interface RunningHost {
  /** Base URL of the local API, e.g. `http://127.0.0.1:7171`. */
  apiUrl: string;
  control: HostControl;
  /** The host's own child container: every core service and plugin service under its token (core/runtime/tokens.ts). */
  container: DependencyContainer;
  /** One pass over today's appointments (then replies waiting for a retry). Rejects when the pass fails. */
  runTodayCycle(): Promise<void>;
  /** One pass over the coming days. Rejects when the pass fails. */
  runUpcomingCycle(): Promise<void>;
  /**
   * Handles every reply the inbox holds now and returns how many (hosts started with
   * `startLoops: false`). Needs an inbox that can say what it holds (the inbox simulator).
   */
  handleInboxOnce(): Promise<number>;
  /** The service the active plugin of `role` made, unwrapped (tests drive the simulators through it). */
  pluginService(role: PluginRole): unknown;
  /**
   * One pass of the provider check of unknown sends (hosts started with `startLoops: false`;
   * otherwise it runs at start-up and every few minutes). Rejects when the provider cannot be asked.
   */
  checkUnknownSends(): Promise<void>;
  /** One alert check now (hosts started with `startLoops: false`; otherwise every 30 s and on each health change). */
  checkAlerts(): Promise<void>;
  /**
   * Every plugin's health over the recent window (`health.windowSeconds`), and its changes.
   * `refresh()` re-reads it at the clock's now (a host loop does it every few seconds;
   * tests on a manual clock call it after advancing the clock).
   */
  health: PluginHealthFeed & { refresh(): void };
  /** Stops loops, API, plugins (reverse order) and the store. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the host from a loaded config: store, plugins, templates, executor, loops and the
 * local API. Throws (having undone what it started) when a plugin cannot start for a reason
 * a person must fix (AuthError, ConfigError); a plugin that is merely not ready yet is started
 * again in the background and shown on the status page.
 *
 * @example
 * const host = await startHost(await loadConfig());
 * process.once('SIGTERM', () => host.stop());
 */
export async function startHost(loaded: LoadedConfig, options: StartHostOptions = {}): Promise<RunningHost> {
  const { config } = loaded;
  const clock = options.clock ?? new SystemClock();
  // Closed at stop only when made here: a caller's logger is the caller's.
  const ownLogger = options.logger ? undefined : createLogger(loggerOptionsFor(config.logging, { configDir: config.source.dir }));
  const logger = options.logger ?? ownLogger!;
  let opened: OpenedClinicStore;
  try {
    opened = await openClinicStore(config, clock, logger);
  } catch (error) {
    logger.error({ err: describeError(error) }, 'host could not start');
    await ownLogger?.close();
    throw error;
  }
  const { store } = opened;
  let cell: ClinicCell | undefined;
  let api: ApiServer | undefined;
  try {
    cell = await prepareClinicCell(loaded, { clock, logger, store, healthFeed: options.healthFeed });
    const { container } = cell;
    const serviceOf = (role: PluginSlot['role']) => cell!.slots.find((slot) => slot.role === role)?.instance.service;
    const pluginRoutes = cell.slots.map((slot) => ({ pluginId: slot.id, routes: slot.instance.routes ?? [] }));
    const control = container.resolve(TOKENS.Control);
    api = await createApiServer(control, {
      host: config.api.host,
      port: options.apiPort ?? config.api.port,
      token: config.api.token,
      signIn: signInSettingsOf(config.api),
      store: container.resolve(TOKENS.Store),
      clock,
      logger,
      monitoring: { metrics: container.resolve(TOKENS.Metrics), readiness: container.resolve(TOKENS.Readiness) },
      pluginRoutes,
    });
    const alerts = await cell.begin({ startLoops: options.startLoops !== false });
    if (options.printBanner !== false) {
      process.stderr.write(
        startupBanner({
          clinicName: config.clinic.name,
          apiUrl: api.url,
          tokenRequired: !!config.api.token,
          pluginRoutes,
        }),
      );
    }

    const server = api;
    const started = cell;
    const loops = container.resolve(TOKENS.Loops);
    const checks = container.resolve(TOKENS.UnknownSendCheckLoop);
    const pump = container.resolve(TOKENS.InboxPump);
    const health = container.resolve(TOKENS.HealthTracker);
    let stopping: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      control,
      container,
      runTodayCycle: () => loops.runToday(),
      runUpcomingCycle: () => loops.runUpcoming(),
      handleInboxOnce: () => {
        const inbox = serviceOf('inbox');
        if (!isCountingInbox(inbox)) return Promise.reject(new Error('handleInboxOnce needs an inbox that can say what it holds (the inbox simulator)'));
        return pump.drain(async () => (await inbox.pending()) > 0);
      },
      pluginService: serviceOf,
      checkUnknownSends: () => checks.runOnce(),
      checkAlerts: () => alerts.check(),
      health: { current: () => health.current(), subscribe: (listener) => health.subscribe(listener), refresh: () => health.refresh() },
      stop: () =>
        (stopping ??= (async () => {
          // The API closes after the cell's last texts (HostStopped) and before its plugins stop.
          await started.stop({ beforePlugins: () => server.close() });
          await opened.close();
          logger.info('host stopped');
          await ownLogger?.close();
        })()),
    };
  } catch (error) {
    await api?.close().catch(() => undefined);
    await cell?.stop().catch(() => undefined);
    await opened.close().catch(() => undefined);
    logger.error({ err: describeError(error) }, 'host could not start');
    await ownLogger?.close();
    throw error;
  }
}
