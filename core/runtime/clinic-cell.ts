import type { DependencyContainer } from 'tsyringe';
import { describeError, type Clock, type Logger } from '@clinic-arrivals/plugin-kit';
import type { LoadedConfig } from '../config/types.js';
import type { Store } from '../store/store.js';
import { startAlerts, type RunningAlerts } from './alerts/start-alerts.js';
import { createHostContainer } from './composition.js';
import { seedDemoDay } from './demo-seed.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';
import { createPlugins, startPlugins, stopPlugins } from './plugin-lifecycle.js';
import type { PluginSlot } from './plugin-slot.js';
import { isWritableAppointmentBook } from './plugin-capabilities.js';
import { RECENT_ERRORS } from './status-board.js';
import { restoreTemplateEdits } from './template-setup.js';
import { TOKENS } from './tokens.js';

/** What a clinic's cell is started with. */
export interface ClinicCellOptions {
  clock: Clock;
  /** The clinic's logger (a fleet's carries the clinic id). */
  logger: Logger;
  /** The clinic's store, opened (and locked or fenced) by the caller, who also closes it. */
  store: Store;
  healthFeed?: PluginHealthFeed;
  /** Node's process metrics in the clinic's registry (a fleet reports them once). @default true */
  processMetrics?: boolean;
  /**
   * Text the clinic's admin when the host starts and stops. Off in a fleet: a clinic moving
   * between replicas is not news to the clinic. @default true
   */
  announce?: boolean;
}

/**
 * One clinic's whole workflow in its own container: store wrappers, plugins, templates,
 * executor, loops, alerts. A one-clinic host runs one; a fleet runs one per clinic, so a
 * clinic's plugins, lane and timers are its own and a slow or failing clinic delays no other.
 * Started in two steps so a caller can put the API up in between: `prepareClinicCell`, then `begin`.
 */
export interface ClinicCell {
  loaded: LoadedConfig;
  container: DependencyContainer;
  store: Store;
  slots: PluginSlot[];
  /** Announces the start, starts alerts and (when asked) the loops. */
  begin(options: { startLoops: boolean }): Promise<RunningAlerts>;
  /**
   * Stops loops, alerts and plugins; leaves the store to the caller. `beforePlugins` runs after
   * the last texts and before the plugins stop (a one-clinic host closes its API there). Idempotent.
   */
  stop(hooks?: { beforePlugins?: () => Promise<void> }): Promise<void>;
}

/**
 * Builds and starts a clinic's services up to its loops. Throws (having stopped what it
 * started) when a plugin cannot start for a reason a person must fix.
 */
export async function prepareClinicCell(loaded: LoadedConfig, options: ClinicCellOptions): Promise<ClinicCell> {
  const { config } = loaded;
  const { clock, logger } = options;
  const container = createHostContainer({
    config,
    clock,
    logger,
    startedAt: clock.now(),
    healthFeed: options.healthFeed,
    processMetrics: options.processMetrics,
  });
  container.registerInstance(TOKENS.OpenedStore, options.store);
  const store = container.resolve(TOKENS.Store);
  const board = container.resolve(TOKENS.StatusBoard);
  // Errors of earlier runs stay listed: a crash loop must not wipe the evidence on each start.
  board.restoreErrors(await store.listRecentErrors(RECENT_ERRORS));
  const health = container.resolve(TOKENS.HealthTracker);
  // Connected here, not in the factory: the tracker writes through the store that counts into the metrics.
  container.resolve(TOKENS.Metrics).useHealthFeed(container.resolve(TOKENS.HealthFeed));
  const starter = container.resolve(TOKENS.PluginStarter);
  let slots: PluginSlot[] = [];
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
    if (config.demo) await seedDemo(slots.find((slot) => slot.role === 'pms')?.instance.service, store, config.clinic, clock, logger);
  } catch (error) {
    starter.stop();
    await stopPlugins(slots, logger);
    throw error;
  }
  return runningCell(loaded, container, store, slots, options.announce !== false);
}

function runningCell(loaded: LoadedConfig, container: DependencyContainer, store: Store, slots: PluginSlot[], announce: boolean): ClinicCell {
  const logger = container.resolve(TOKENS.Logger);
  const starter = container.resolve(TOKENS.PluginStarter);
  const lane = container.resolve(TOKENS.Lane);
  const loops = container.resolve(TOKENS.Loops);
  const checker = container.resolve(TOKENS.UnknownSendChecker);
  const checks = container.resolve(TOKENS.UnknownSendCheckLoop);
  const healthTicks = container.resolve(TOKENS.HealthLoop);
  const admin = container.resolve(TOKENS.AdminNotifier);
  const board = container.resolve(TOKENS.StatusBoard);
  const health = container.resolve(TOKENS.HealthTracker);
  let alerts: RunningAlerts | undefined;
  let begun = false;
  let stopping: Promise<void> | undefined;
  return {
    loaded,
    container,
    store,
    slots,
    async begin({ startLoops }) {
      begun = announce;
      if (announce) await admin.notify('HostStarted');
      alerts = await startAlerts({
        feed: container.resolve(TOKENS.HealthFeed),
        config: loaded.config,
        store,
        clock: container.resolve(TOKENS.Clock),
        logger,
        board,
        texter: admin,
        renderer: container.resolve(TOKENS.Renderer),
      });
      if (startLoops) {
        loops.start();
        alerts.startLoop();
        healthTicks.start(0);
        if (checker.enabled) checks.start(0);
      }
      return alerts;
    },
    stop: (hooks) =>
      (stopping ??= (async () => {
        starter.stop();
        await Promise.all([loops.stop(), checks.stop(), alerts?.stop(), healthTicks.stop()]);
        await lane.idle();
        if (begun) await admin.notify('HostStopped');
        await hooks?.beforePlugins?.();
        await stopPlugins(slots, logger);
        await lane.idle();
        await board.flushErrors();
        await health.flush();
      })()),
  };
}

async function seedDemo(pms: unknown, store: Store, clinic: LoadedConfig['config']['clinic'], clock: Clock, logger: Logger): Promise<void> {
  if (!isWritableAppointmentBook(pms)) {
    logger.warn('demo is on but the PMS cannot be written to (use the simulator); nothing seeded');
    return;
  }
  const result = await seedDemoDay(pms, store, clinic, clock.now());
  if (result.seeded) logger.info({ appointments: result.appointments.length }, 'demo day seeded in the simulated PMS');
}

/** Logs a cell that could not start (no remote text: describeError keeps codes and safe messages). */
export function logCellFailure(logger: Logger, error: unknown): void {
  logger.error({ err: describeError(error) }, 'clinic could not start');
}
