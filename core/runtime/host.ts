import { resolve } from 'node:path';
import type { DependencyContainer } from 'tsyringe';
import { SystemClock, describeError, type Clock, type Logger, type PluginRole } from '@clinic-arrivals/plugin-kit';
import type { HostControl } from '../api/host-api.js';
import { createApiServer, type ApiServer } from '../api/server.js';
import { signInSettingsOf } from '../auth/settings.js';
import type { LoadedConfig } from '../config/types.js';
import { acquireInstanceLock } from '../store/instance-lock.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { startAlerts } from './alerts/start-alerts.js';
import { createHostContainer } from './composition.js';
import { seedDemoDay } from './demo-seed.js';
import { createLogger } from './logger.js';
import { loggerOptionsFor } from './logging-settings.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import { createPlugins, startPlugins, stopPlugins } from './plugin-lifecycle.js';
import type { PluginSlot } from './plugin-slot.js';
import { RECENT_ERRORS } from './status-board.js';
import { startupBanner } from './startup-banner.js';
import { isCountingInbox, isWritableAppointmentBook } from './plugin-capabilities.js';
import { restoreTemplateEdits } from './template-setup.js';
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
  const container = createHostContainer({ config, clock, logger, startedAt: clock.now(), healthFeed: options.healthFeed });
  const storePath = config.store.path === ':memory:' ? ':memory:' : resolve(config.source.dir, config.store.path);
  // Before anything touches the store: a second host on the same file would share its outbox.
  const lock = storePath === ':memory:' ? undefined : acquireInstanceLock(storePath);
  let store: Store;
  try {
    container.registerInstance(TOKENS.OpenedStore, await openSqliteStore(storePath, { clock }));
    store = container.resolve(TOKENS.Store);
  } catch (error) {
    lock?.release();
    throw error;
  }

  const board = container.resolve(TOKENS.StatusBoard);
  // Errors of earlier runs stay listed: a crash loop must not wipe the evidence on each start.
  board.restoreErrors(await store.listRecentErrors(RECENT_ERRORS));
  const health = container.resolve(TOKENS.HealthTracker);
  const healthFeed = container.resolve(TOKENS.HealthFeed);
  // Connected here, not in the factory: the tracker writes through the store that counts into the metrics.
  const metrics = container.resolve(TOKENS.Metrics);
  metrics.useHealthFeed(healthFeed);
  const starter = container.resolve(TOKENS.PluginStarter);
  let slots: PluginSlot[] = [];
  let api: ApiServer | undefined;
  try {
    // Kept until the provider check or a person resolves them (GET /api/messages/unknown);
    // the status page counts them from the store, so they survive any number of restarts.
    const unfinished = await store.markUnfinishedUnknown(clock.now());
    if (unfinished.length > 0) {
      logger.warn(
        { count: unfinished.length },
        'sends cut off by the last shutdown are marked unknown: never repeated on their own, listed at /api/messages/unknown',
      );
    }

    slots = createPlugins(loaded, container, { logger, store, clock, health: { tracker: health, board } });
    container.registerInstance(TOKENS.PluginSlots, slots);
    await health.restore(slots.map((slot) => slot.role));
    await startPlugins(slots, board, logger);
    starter.retryPending(slots);

    await restoreTemplateEdits(container.resolve(TOKENS.LanguageTemplates), { store, logger, board });
    const lane = container.resolve(TOKENS.Lane);
    const checker = container.resolve(TOKENS.UnknownSendChecker);
    const checks = container.resolve(TOKENS.UnknownSendCheckLoop);
    const healthTicks = container.resolve(TOKENS.HealthLoop);
    const pump = container.resolve(TOKENS.InboxPump);
    const loops = container.resolve(TOKENS.Loops);
    const control = container.resolve(TOKENS.Control);

    const serviceOf = (role: PluginSlot['role']) => slots.find((slot) => slot.role === role)?.instance.service;
    const pluginRoutes = slots.map((slot) => ({ pluginId: slot.id, routes: slot.instance.routes ?? [] }));
    if (config.demo) await seedDemo(serviceOf('pms'), store, config.clinic, clock, logger);

    api = await createApiServer(control, {
      host: config.api.host,
      port: options.apiPort ?? config.api.port,
      token: config.api.token,
      signIn: signInSettingsOf(config.api),
      store,
      clock,
      logger,
      monitoring: { metrics, readiness: container.resolve(TOKENS.Readiness) },
      pluginRoutes,
    });
    const admin = container.resolve(TOKENS.AdminNotifier);
    await admin.notify('HostStarted');
    const alerts = await startAlerts({
      feed: healthFeed,
      config,
      store,
      clock,
      logger,
      board,
      texter: admin,
      renderer: container.resolve(TOKENS.Renderer),
    });
    if (options.startLoops !== false) {
      loops.start();
      alerts.startLoop();
      healthTicks.start(0);
      if (checker.enabled) checks.start(0);
    }
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
          starter.stop();
          await Promise.all([loops.stop(), checks.stop(), alerts.stop(), healthTicks.stop()]);
          await lane.idle();
          await admin.notify('HostStopped');
          await server.close();
          await stopPlugins(slots, logger);
          await lane.idle();
          await board.flushErrors();
          await health.flush();
          await store.close();
          lock?.release();
          logger.info('host stopped');
          await ownLogger?.close();
        })()),
    };
  } catch (error) {
    starter.stop();
    await api?.close().catch(() => undefined);
    await stopPlugins(slots, logger);
    await store.close().catch(() => undefined);
    lock?.release();
    logger.error({ err: describeError(error) }, 'host could not start');
    await ownLogger?.close();
    throw error;
  }
}

async function seedDemo(pms: unknown, store: Store, clinic: LoadedConfig['config']['clinic'], clock: Clock, logger: Logger): Promise<void> {
  if (!isWritableAppointmentBook(pms)) {
    logger.warn('demo is on but the PMS cannot be written to (use the simulator); nothing seeded');
    return;
  }
  const result = await seedDemoDay(pms, store, clinic, clock.now());
  if (result.seeded) logger.info({ appointments: result.appointments.length }, 'demo day seeded in the simulated PMS');
}
