import { SystemClock, describeError, type Clock, type Logger } from '@clinic-arrivals/plugin-kit';
import { createFleetApiServer } from '../../api/fleet-server.js';
import type { FleetView } from '../../api/fleet-view.js';
import type { FleetConfig } from '../../config/fleet-config.js';
import type { HostConfig } from '../../config/types.js';
import { openClinicStore, type OpenedClinicStore } from '../clinic-store.js';
import { createLogger } from '../logger.js';
import { loggerOptionsFor } from '../logging-settings.js';
import type { ClinicState } from './clinic-runner.js';
import { FleetClinics } from './fleet-clinics.js';
import { fleetMetricsSource } from './fleet-metrics-source.js';
import { PostgresFleet } from './postgres-fleet.js';
import { watchFolder } from './folder-watch.js';

/** Options of {@link startFleet}. */
export interface StartFleetOptions {
  /** @default the system clock */
  clock?: Clock;
  /** @default the logger the fleet file's `logging` describes */
  logger?: Logger;
  /** Overrides `api.port` (0 picks a free port). */
  apiPort?: number;
  /** Run each clinic's loops on timers. @default true */
  startLoops?: boolean;
  /** Watch the clinics folder and apply changes without a restart. @default true */
  watch?: boolean;
  /** Told on every clinic state change (tests wait on it). */
  onClinicState?(clinicId: string, state: ClinicState): void;
}

/** A running fleet: every clinic of the config in this process, behind one API. */
export interface RunningFleet {
  apiUrl: string;
  clinics: FleetClinics;
  view: FleetView;
  /** Reads the clinics folder again now (the watcher does it on each change). */
  reload(): Promise<void>;
  /** Stops the watcher, the API, then every clinic. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts every clinic the fleet config names, each in its own cell with its own plugins and
 * store, behind one API (`/api/clinics`, each clinic under `/c/<id>/`). A broken clinic file
 * leaves that clinic failed and listed; the others run.
 */
export async function startFleet(fleet: FleetConfig, options: StartFleetOptions = {}): Promise<RunningFleet> {
  const clock = options.clock ?? new SystemClock();
  const ownLogger = options.logger ? undefined : createLogger(loggerOptionsFor(fleet.logging, { configDir: fleet.dir }));
  const fleetLogger = options.logger ?? ownLogger!;
  // On PostgreSQL each clinic is worked by the one replica holding its lease; on SQLite by this process.
  let postgres: PostgresFleet | undefined;
  try {
    postgres = fleet.store.use === 'postgres' ? await PostgresFleet.open(fleet, clock, fleetLogger) : undefined;
  } catch (error) {
    fleetLogger.error({ err: describeError(error) }, 'fleet could not open its PostgreSQL store');
    await ownLogger?.close();
    throw error;
  }
  // Every line of a replica names it: which process worked a clinic when shows in the logs.
  const logger = postgres ? fleetLogger.child({ replica: postgres.replicaId }) : fleetLogger;
  const openStore = (config: HostConfig): Promise<OpenedClinicStore> => (postgres ? postgres.openStore(config) : openClinicStore(config, clock, logger));
  const clinics = new FleetClinics(
    fleet,
    { clock, logger, api: fleet.api, openStore, startLoops: options.startLoops !== false, onState: options.onClinicState },
    logger,
    postgres ? (id) => postgres.holds(id) : undefined,
  );
  const view: FleetView = {
    list: async () => {
      const views = await clinics.list();
      if (!postgres) return views;
      const holders = await postgres.holders(views.map((clinic) => clinic.id));
      return views.map((clinic) => {
        const replica = holders.get(clinic.id);
        return replica ? { ...clinic, replica } : clinic;
      });
    },
    clinicApp: (id) => clinics.clinicApp(id),
    ownerUrl: async (id) => (postgres && clinics.runners.has(id) ? postgres.ownerApiUrl(id) : undefined),
    metrics: fleetMetricsSource(clinics),
  };
  const leasable = () => [...clinics.runners.values()].filter((runner) => runner.clinic.loaded).map((runner) => runner.id);
  const reconcile = async () => {
    await clinics.reconcile();
    postgres?.setClinicIds(leasable());
  };
  try {
    await clinics.reconcile();
    const api = await createFleetApiServer(view, {
      host: fleet.api.host,
      port: options.apiPort ?? fleet.api.port,
      token: fleet.api.token,
      logger,
    });
    await postgres?.startLeases(
      leasable(),
      {
        gained: (id) => {
          // Not `token`: the logger redacts every field of that name (secrets), and a fencing token is no secret.
          logger.info({ clinic: id, fencingToken: postgres?.tokenOf(id) }, 'lease gained; starting the clinic');
          void clinics.work(id);
        },
        lost: (id) => clinics.release(id),
      },
      api.url,
    );
    const watcher = options.watch !== false && fleet.clinicsFolder ? watchFolder(fleet.clinicsFolder, reconcile, logger) : undefined;
    const states = [...clinics.runners.values()].map((runner) => runner.state);
    logger.info(
      { clinics: states.length, running: states.filter((state) => state === 'running').length, failed: states.filter((state) => state === 'failed').length },
      'fleet started',
    );
    let stopping: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      clinics,
      view,
      reload: reconcile,
      stop: () =>
        (stopping ??= (async () => {
          watcher?.close();
          await api.close();
          // Leases go back first (each clinic stopped before its lease is released), then the rest.
          await postgres?.close();
          await clinics.stopAll();
          logger.info('fleet stopped');
          await ownLogger?.close();
        })()),
    };
  } catch (error) {
    await postgres?.close().catch(() => undefined);
    await clinics.stopAll().catch(() => undefined);
    fleetLogger.error({ err: describeError(error) }, 'fleet could not start');
    await ownLogger?.close();
    throw error;
  }
}
