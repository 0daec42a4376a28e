import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import { TOKENS } from './tokens.js';
import { pluginStateIn } from '../plugin-host/plugin-state.js';
import { phoneNumbersIn } from '../phone/normalise.js';
import type { LoadedConfig, LoadedPlugin } from '../config/types.js';
import type { PluginContext, PluginRole } from '@clinic-arrivals/plugin-kit';
import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import { Backoff } from '@clinic-arrivals/plugin-kit';
import type { PluginSlot } from './plugin-slot.js';
import { codeOfDescription, type StatusBoard } from './status-board.js';
import type { PluginHealthTracker } from './plugin-health.js';
import { countedService } from './plugin-health-calls.js';
import { classify, CODES, describeError, ERROR_CODE_PATTERN, isRetryable } from '@clinic-arrivals/plugin-kit';

const ROLE_TOKENS = {
  pms: TOKENS.AppointmentSource,
  sms: TOKENS.MessageSender,
  inbox: TOKENS.Inbox,
  video: TOKENS.VideoProvider,
} as const;

/** Longest code a plugin's retry report may carry (`CA_ERR_` and 60 more); anything else is reported as CA_ERR_PLUGIN. */
const MAX_CODE_LENGTH = 67;

/** First pause before starting a not-ready plugin again; doubles up to {@link START_RETRY_MAX_MS}. */
const START_RETRY_MS = 5_000;
const START_RETRY_MAX_MS = 5 * 60_000;

/**
 * A plugin could not start and the host cannot run without a person fixing something
 * (credentials, config). Keeps the plugin's own error code and the error as `cause`.
 */
export class PluginStartError extends ClinicArrivalsError {
  constructor(
    readonly role: PluginRole,
    readonly pluginId: string,
    cause: unknown,
  ) {
    const { code, kind } = classify(cause);
    // The plugin's own code and kind: an auth failure stays an auth failure for the CLI and alerts.
    super(code ?? CODES.PLUGIN_START, `${role} plugin "${pluginId}" could not start: ${describeError(cause)}`, { kind, cause });
  }
}

/** Where calls into plugins are counted: the health window, and the status page's recent errors for retries. */
export interface PluginHealthWiring {
  tracker: PluginHealthTracker;
  board: StatusBoard;
}

/**
 * Creates every configured plugin (in role order pms, sms, inbox, video) and registers each
 * service under its role's token. `create()` does no I/O, so nothing needs undoing if one throws.
 * With `health`, the registered service counts every call's outcome into the health window
 * (the slot keeps the plugin's own object), and the plugin can report its own retries.
 */
export function createPlugins(
  loaded: LoadedConfig,
  container: DependencyContainer,
  base: { logger: Logger; store: Store; clock: Clock; health?: PluginHealthWiring },
): PluginSlot[] {
  const { config } = loaded;
  const chosen: Array<[PluginRole, LoadedPlugin | undefined]> = [
    ['pms', loaded.plugins.pms],
    ['sms', loaded.plugins.sms],
    ['inbox', loaded.plugins.inbox],
    ['video', loaded.plugins.video],
  ];
  const slots: PluginSlot[] = [];
  for (const [role, plugin] of chosen) {
    if (!plugin) continue;
    const id = plugin.descriptor.manifest.id;
    const stopping = new AbortController();
    const context: PluginContext = {
      logger: base.logger.child({ plugin: id, role }),
      state: pluginStateIn(base.store, id),
      clock: base.clock,
      clinic: config.clinic,
      phone: phoneNumbersIn(config.clinic.region),
      signal: stopping.signal,
      configDir: config.source.dir,
      ...(base.health ? { health: retryReporter(role, base.health) } : {}),
    };
    let instance;
    try {
      instance = plugin.descriptor.create(plugin.options, context);
    } catch (error) {
      throw new PluginStartError(role, id, error);
    }
    const service = base.health ? countedService(instance.service as object, role, base.health.tracker) : instance.service;
    container.register(ROLE_TOKENS[role] as InjectionToken<unknown>, { useValue: service });
    slots.push({ role, id, instance, started: false, stopping });
  }
  return slots;
}

/** A plugin's own retries: counted in its window and listed with the status page's recent errors. */
function retryReporter(role: PluginRole, { tracker, board }: PluginHealthWiring): NonNullable<PluginContext['health']> {
  return {
    retried(code, note) {
      const safeCode = ERROR_CODE_PATTERN.test(code) && code.length <= MAX_CODE_LENGTH ? code : CODES.PLUGIN;
      tracker.recordRetry(role, safeCode);
      board.recordError(`${role} call retried`, note ? `${safeCode}: ${note}` : safeCode);
    },
  };
}

/**
 * Starts the plugins in order. A plugin that is not ready yet (NotReadyError) is shown on the
 * status page and started again later; anything else stops the host, after stopping the
 * plugins already started.
 */
export async function startPlugins(slots: PluginSlot[], board: StatusBoard, logger: Logger): Promise<void> {
  for (const slot of slots) {
    try {
      await slot.instance.start?.();
      slot.started = true;
    } catch (error) {
      if (isRetryable(error)) {
        slot.startError = describeError(error);
        board.markNotStarted(slot.role, codeOfDescription(slot.startError, CODES.NOT_READY));
        board.setPluginNote(slot.role, `not ready at start-up, retrying: ${slot.startError}`);
        logger.warn({ role: slot.role, plugin: slot.id, err: slot.startError }, 'plugin not ready; will keep trying');
        continue;
      }
      await stopPlugins(slots, logger);
      throw new PluginStartError(slot.role, slot.id, error);
    }
  }
}

/** Stops plugins in reverse order; errors are logged, never thrown. Safe to call twice. */
export async function stopPlugins(slots: PluginSlot[], logger: Logger): Promise<void> {
  for (const slot of [...slots].reverse()) {
    if (slot.stopped) continue;
    slot.stopped = true;
    slot.stopping.abort();
    try {
      await slot.instance.stop?.();
    } catch (error) {
      logger.warn({ role: slot.role, plugin: slot.id, err: describeError(error) }, 'plugin did not stop cleanly');
    }
  }
}

/**
 * Starts again, with backoff, the plugins that were not ready at start-up. A fatal error on a
 * later try (AuthError, ConfigError) is left on the status page: the host keeps running the rest.
 */
export class PluginStarter {
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly board: StatusBoard,
    private readonly logger: Logger,
  ) {}

  retryPending(slots: PluginSlot[]): void {
    for (const slot of slots) {
      if (!slot.started) this.schedule(slot, new Backoff({ minDelayMs: START_RETRY_MS, maxDelayMs: START_RETRY_MAX_MS }));
    }
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(slot: PluginSlot, backoff: Backoff): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      this.timers.delete(timer);
      if (this.stopped || slot.stopped) return;
      try {
        await slot.instance.start?.();
        slot.started = true;
        slot.startError = undefined;
        this.board.markNotStarted(slot.role, undefined);
        this.board.setPluginNote(slot.role, undefined);
        this.logger.info({ role: slot.role, plugin: slot.id }, 'plugin started');
      } catch (error) {
        slot.startError = describeError(error);
        this.board.markNotStarted(slot.role, codeOfDescription(slot.startError, CODES.PLUGIN_START));
        const retryable = isRetryable(error);
        this.board.setPluginNote(slot.role, retryable ? `not ready, retrying: ${slot.startError}` : `cannot start: ${slot.startError}`);
        this.board.recordError(`start ${slot.role} plugin ${slot.id}`, slot.startError);
        if (retryable) this.schedule(slot, backoff);
      }
    }, backoff.next());
    this.timers.add(timer);
  }
}
