import 'reflect-metadata';
import { resolve } from 'node:path';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { HostControl } from '../api/host-control.js';
import { createApiServer, type ApiServer } from '../api/server.js';
import { signInSettingsOf } from '../auth/settings.js';
import type { LoadedConfig } from '../config/types.js';
import { SystemClock, type Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import { TOKENS } from '../contracts/tokens.js';
import { buildEngineSettings } from '../engine/settings.js';
import { Executor } from '../executor/executor.js';
import { EXECUTOR_TOKENS } from '../executor/tokens.js';
import { VideoGateway } from '../executor/video-gateway.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { acquireInstanceLock } from '../store/instance-lock.js';
import { AppointmentCycles } from './appointment-cycles.js';
import { seedDemoDay } from './demo-seed.js';
import { RuntimeControl } from './host-control.js';
import { hostVersion } from './host-version.js';
import { InboxPump } from './inbox-pump.js';
import { createLogger } from './logger.js';
import { loggerOptionsFor } from './logging-settings.js';
import { HostLoops } from './loops.js';
import { HostMetrics } from './host-metrics.js';
import { storeCountingTexts } from './host-metrics-store.js';
import { HostReadiness } from './host-readiness.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import { createPlugins, PluginStarter, startPlugins, stopPlugins } from './plugin-lifecycle.js';
import type { PluginSlot } from './plugin-slot.js';
import { SerialLane } from './serial-lane.js';
import { PractitionerDirectory } from './practitioner-directory.js';
import { RECENT_ERRORS, StatusBoard } from './status-board.js';
import { startupBanner } from './startup-banner.js';
import { TemplateService } from '../templates/template-service.js';
import { rendererFor, setUpTemplates } from './template-setup.js';
import { AdminNotifier } from './admin-notifier.js';
import { HostEvents } from './host-events.js';
import { storeWithChangeEvents } from './store-change-events.js';
import { describeError } from '../executor/error-kinds.js';
import { OutboxSender } from '../executor/outbox-sender.js';
import { UnknownSendChecker, unknownSendCheckLoop } from './unknown-send-checker.js';
import { UnknownSends } from './unknown-sends.js';
import { startAlerts } from './alerts/start-alerts.js';
import { PluginHealthTracker } from './plugin-health.js';
import { healthLoop } from './plugin-health-loop.js';

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
  /** The host's child container (ports registered under TOKENS). */
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
  const startedAt = clock.now();
  const storePath = config.store.path === ':memory:' ? ':memory:' : resolve(config.source.dir, config.store.path);
  const events = new HostEvents(logger);
  // Before anything touches the store: a second host on the same file would share its outbox.
  const lock = storePath === ':memory:' ? undefined : acquireInstanceLock(storePath);
  let store: Store;
  let metrics: HostMetrics;
  let readiness: HostReadiness;
  try {
    const opened = await openSqliteStore(storePath, { clock });
    metrics = new HostMetrics({ store: opened, clock, healthFeed: options.healthFeed });
    readiness = new HostReadiness(opened, options.healthFeed);
    store = storeCountingTexts(storeWithChangeEvents(opened, events), metrics);
  } catch (error) {
    lock?.release();
    throw error;
  }

  // Errors of earlier runs stay listed: a crash loop must not wipe the evidence on each start.
  const board = new StatusBoard(() => clock.now(), () => events.emit('status'), store);
  board.restoreErrors(await store.listRecentErrors(RECENT_ERRORS));
  const health = new PluginHealthTracker(clock, store, (config.health?.windowSeconds ?? 300) * 1000);
  board.onPluginDown((role, code) => health.setForcedDown(role, code));
  health.subscribe(() => events.emit('status'));
  // Tests may hand in a feed they drive; otherwise readiness, metrics and alerts read the host's windows.
  const healthFeed: PluginHealthFeed = options.healthFeed ?? health;
  metrics.useHealthFeed(healthFeed);
  readiness.useHealthFeed(healthFeed);
  const starter = new PluginStarter(board, logger);
  let slots: PluginSlot[] = [];
  let api: ApiServer | undefined;
  try {
    const container = rootContainer.createChildContainer();
    container.register(TOKENS.Store, { useValue: store });
    container.register(TOKENS.Clock, { useValue: clock });
    container.register(TOKENS.Logger, { useValue: logger });
    container.register(TOKENS.Config, { useValue: config });

    // Kept until the provider check or a person resolves them (GET /api/messages/unknown);
    // the status page counts them from the store, so they survive any number of restarts.
    const unfinished = await store.markUnfinishedUnknown(clock.now());
    if (unfinished.length > 0) {
      logger.warn({ count: unfinished.length }, 'sends cut off by the last shutdown are marked unknown: never repeated on their own, listed at /api/messages/unknown');
    }

    slots = createPlugins(loaded, container, { logger, store, clock, health: { tracker: health, board } });
    await health.restore(slots.map((slot) => slot.role));
    await startPlugins(slots, board, logger);
    starter.retryPending(slots);

    const video = new VideoGateway(container.isRegistered(TOKENS.VideoProvider) ? container.resolve(TOKENS.VideoProvider) : undefined);
    const settings = buildEngineSettings(config, video.enabled);
    const templates = await setUpTemplates({ config, settings, store, clock, logger, board });
    container.register(EXECUTOR_TOKENS.Renderer, { useValue: rendererFor(templates) });
    container.register(EXECUTOR_TOKENS.Video, { useValue: video });
    container.register(EXECUTOR_TOKENS.Sink, { useValue: board });
    const executor = container.resolve(Executor);
    container.registerInstance(Executor, executor);
    container.registerInstance(TemplateService, templates);

    const lane = new SerialLane();
    const sender = container.resolve(TOKENS.MessageSender);
    const unknownSends = new UnknownSends({
      store, clock, logger, lane, settings,
      outbox: new OutboxSender(store, sender, container.resolve(EXECUTOR_TOKENS.Renderer), clock, logger, board),
    });
    const checker = new UnknownSendChecker({ store, clock, logger, lane, sender, senderId: slots.find((slot) => slot.role === 'sms')?.id ?? 'sms' });
    const checks = unknownSendCheckLoop(checker, board, logger, metrics);
    const healthTicks = healthLoop(health, board, logger);
    const pms = container.resolve(TOKENS.AppointmentSource);
    const practitioners = new PractitionerDirectory(store, config.practitioners ?? {});
    const cycles = new AppointmentCycles({ pms, store, clock, logger, executor, settings, lane, board, video, events, practitioners, counters: metrics });
    const pump = new InboxPump({ inbox: container.resolve(TOKENS.Inbox), store, clock, logger, executor, settings, lane, board, cycles, counters: metrics });
    const loops = new HostLoops({ config, store, clock, logger, board, cycles, pump, counters: metrics });

    const control = new RuntimeControl({
      version: hostVersion(), startedAt, settings, store, clock, lane, board, cycles, executor, templates, plugins: slots, unknownSends,
      runTodayCycle: () => loops.runToday(),
      events,
      practitioners,
      health,
    });

    if (config.demo) await seedDemo(control, store, config.clinic, clock, logger);

    api = await createApiServer(control, {
      host: config.api.host,
      port: options.apiPort ?? config.api.port,
      token: config.api.token,
      signIn: signInSettingsOf(config.api),
      store,
      clock,
      logger,
      monitoring: { metrics, readiness },
    });
    const admin = new AdminNotifier(executor, config, clock, logger);
    await admin.notify('HostStarted');
    const alerts = await startAlerts({
      feed: healthFeed, config, store, clock, logger, board, texter: admin, renderer: container.resolve(EXECUTOR_TOKENS.Renderer),
    });
    if (options.startLoops !== false) {
      loops.start();
      alerts.startLoop();
      healthTicks.start(0);
      if (checker.enabled) checks.start(0);
    }
    if (options.printBanner !== false) {
      process.stderr.write(startupBanner({
        clinicName: config.clinic.name, apiUrl: api.url, tokenRequired: !!config.api.token, simulators: control.simulators,
      }));
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
        const inbox = control.simulators.inbox;
        if (!inbox) return Promise.reject(new Error('handleInboxOnce needs the inbox-simulator (other inboxes cannot say what they hold)'));
        return pump.drain(async () => (await inbox.pending()) > 0);
      },
      checkUnknownSends: () => checks.runOnce(),
      checkAlerts: () => alerts.check(),
      health: { current: () => health.current(), subscribe: (listener) => health.subscribe(listener), refresh: () => health.refresh() },
      stop: () => (stopping ??= (async () => {
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

async function seedDemo(control: RuntimeControl, store: Store, clinic: LoadedConfig['config']['clinic'], clock: Clock, logger: Logger): Promise<void> {
  const pms = control.simulators.pms;
  if (!pms) {
    logger.warn('demo is on but the PMS is not the simulator; nothing seeded');
    return;
  }
  const result = await seedDemoDay(pms, store, clinic, clock.now());
  if (result.seeded) logger.info({ appointments: result.appointments.length }, 'demo day seeded in the simulated PMS');
}
