import type { FastifyInstance } from 'fastify';
import { describeError, type Clock, type Logger } from '@clinic-arrivals/plugin-kit';
import { buildApiApp } from '../../api/app.js';
import type { FleetClinicView } from '../../api/fleet-view.js';
import { isLoopbackHost } from '../../api/access.js';
import { DEFAULT_SIGN_IN } from '../../auth/settings.js';
import { signInSettingsOf } from '../../auth/settings.js';
import { StaffAuth } from '../../auth/staff-auth.js';
import type { LoadedClinic } from '../../config/fleet-config.js';
import type { HostConfig } from '../../config/types.js';
import { prepareClinicCell, type ClinicCell } from '../clinic-cell.js';
import type { OpenedClinicStore } from '../clinic-store.js';
import { TOKENS } from '../tokens.js';
import { problemOf } from './clinic-problem.js';

export type ClinicState = FleetClinicView['state'];

/** What every clinic of a fleet shares. */
export interface ClinicRunnerDeps {
  clock: Clock;
  /** The fleet's logger; the runner adds the clinic id. */
  logger: Logger;
  /** The fleet's API settings: each clinic's app takes the fleet token (the vendor admin reaches every clinic). */
  api: HostConfig['api'];
  /** Opens the clinic's store (its SQLite file with the file lock, or its rows in PostgreSQL, fenced). */
  openStore(config: HostConfig): Promise<OpenedClinicStore>;
  startLoops: boolean;
  /** Told when the clinic's state changes (the fleet view, readiness). */
  onState?(clinicId: string, state: ClinicState): void;
}

/**
 * One clinic of a fleet through its life: started from its loaded config, failed with the
 * config problem or start error that stopped it (the other clinics carry on), stopped, or in
 * standby while another replica works it. Its API app is built on first use.
 */
export class ClinicRunner {
  state: ClinicState = 'stopped';
  private problem?: FleetClinicView['problem'];
  private cell?: ClinicCell;
  private opened?: OpenedClinicStore;
  private app?: Promise<FastifyInstance>;
  private readonly logger: Logger;
  /** Start and stop never overlap for one clinic. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    public clinic: LoadedClinic,
    private readonly deps: ClinicRunnerDeps,
  ) {
    this.logger = deps.logger.child({ clinic: clinic.id });
  }

  get id(): string {
    return this.clinic.id;
  }

  /** The running clinic's cell (tests drive its loops by hand). */
  get running(): ClinicCell | undefined {
    return this.state === 'running' ? this.cell : undefined;
  }

  /** Starts the clinic (again, with a changed config when given). Never throws: a failure is the clinic's state. */
  start(clinic: LoadedClinic = this.clinic): Promise<void> {
    return this.serially(async () => {
      await this.stopNow();
      this.clinic = clinic;
      this.problem = undefined;
      if (!clinic.loaded) {
        this.problem = problemOf(clinic.label, clinic.file, clinic.problems ?? []);
        this.logger.error(
          { file: clinic.file, problems: clinic.problems?.length ?? 0 },
          `clinic config has problems; this clinic stays down: ${this.problem.message}`,
        );
        return this.setState('failed');
      }
      this.setState('starting');
      try {
        this.opened = await this.deps.openStore(clinic.loaded.config);
        this.cell = await prepareClinicCell(clinic.loaded, {
          clock: this.deps.clock,
          logger: this.logger,
          store: this.opened.store,
          processMetrics: false,
          announce: false,
        });
        await this.cell.begin({ startLoops: this.deps.startLoops });
        this.logger.info('clinic started');
        this.setState('running');
      } catch (error) {
        const message = describeError(error);
        this.logger.error({ err: message }, 'clinic could not start; the other clinics carry on');
        await this.stopNow();
        this.problem = { file: clinic.file, message };
        this.setState('failed');
      }
    });
  }

  /** Stops the clinic's work and closes its store; `standby` when another replica takes it over. */
  stop(next: 'stopped' | 'standby' = 'stopped'): Promise<void> {
    return this.serially(async () => {
      await this.stopNow();
      if (this.state !== 'failed' || next === 'standby') this.setState(next);
    });
  }

  /** The clinic's API app while it runs here. */
  apiApp(): Promise<FastifyInstance> | undefined {
    const cell = this.running;
    if (!cell) return undefined;
    this.app ??= this.buildApp(cell);
    return this.app;
  }

  async view(): Promise<FleetClinicView> {
    const config = this.clinic.loaded?.config;
    const base: FleetClinicView = {
      id: this.id,
      name: config?.clinic.name ?? this.clinic.name ?? this.id,
      timeZone: config?.clinic.timeZone ?? '',
      state: this.state,
      health: 'unknown',
      textsToday: { sent: 0, failed: 0, unknown: 0 },
      failures: 0,
      ...(this.problem ? { problem: this.problem } : {}),
    };
    const cell = this.running;
    if (!cell) return base;
    const status = await cell.container.resolve(TOKENS.Control).status();
    const levels = status.plugins.map((plugin) => worse(plugin.health.status, plugin.window?.status ?? 'ok'));
    const health = levels.includes('down') ? 'down' : levels.includes('degraded') ? 'degraded' : 'ok';
    const { sent, failed, unknown } = status.messagesToday;
    return {
      ...base,
      health,
      ...(status.loops.today?.lastRunAt ? { lastPollAt: status.loops.today.lastRunAt } : {}),
      textsToday: { sent, failed, unknown },
      failures: status.recentErrors.length,
    };
  }

  /** The clinic's metrics registry while it runs here. */
  metricsRegistry() {
    return this.running?.container.resolve(TOKENS.Metrics).registry;
  }

  private async buildApp(cell: ClinicCell): Promise<FastifyInstance> {
    const { api } = this.deps;
    const token = api.token === '' ? undefined : api.token;
    const store = cell.container.resolve(TOKENS.Store);
    const auth = new StaffAuth({
      store,
      clock: this.deps.clock,
      settings: { ...DEFAULT_SIGN_IN, ...signInSettingsOf(api) },
      loopbackOnly: isLoopbackHost(api.host),
      tokenConfigured: token !== undefined,
      logger: this.logger.child({ component: 'api' }),
    });
    const app = buildApiApp(cell.container.resolve(TOKENS.Control), {
      token,
      auth,
      logger: this.logger.child({ component: 'api' }),
      monitoring: { metrics: cell.container.resolve(TOKENS.Metrics), readiness: cell.container.resolve(TOKENS.Readiness) },
      pluginRoutes: cell.slots.map((slot) => ({ pluginId: slot.id, routes: slot.instance.routes ?? [] })),
      // Staff signed in to one clinic carry a cookie only that clinic's path sends.
      cookiePath: `/c/${this.id}/`,
    });
    await app.ready();
    return app;
  }

  private async stopNow(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    if (app) await (await app.catch(() => undefined))?.close();
    const cell = this.cell;
    this.cell = undefined;
    if (cell) await cell.stop().catch((error: unknown) => this.logger.error({ err: describeError(error) }, 'clinic did not stop cleanly'));
    const opened = this.opened;
    this.opened = undefined;
    if (opened) await opened.close().catch((error: unknown) => this.logger.error({ err: describeError(error) }, 'clinic store did not close cleanly'));
  }

  private setState(state: ClinicState): void {
    this.state = state;
    this.deps.onState?.(this.id, state);
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work);
    this.chain = next.catch(() => undefined);
    return next;
  }
}

function worse(a: string, b: string): string {
  const rank = (level: string) => (level === 'down' ? 2 : level === 'degraded' ? 1 : 0);
  return rank(a) >= rank(b) ? a : b;
}
