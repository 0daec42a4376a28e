import type { FastifyInstance } from 'fastify';
import { createSilentLogger, ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { buildApiApp } from '../../core/api/app.js';
import { mergeClinicMetrics } from '../../core/api/fleet-metrics.js';
import { createFleetApiServer } from '../../core/api/fleet-server.js';
import type { FleetClinicView, FleetView } from '../../core/api/fleet-view.js';
import type { ApiServer } from '../../core/api/server.js';
import { DEFAULT_SIGN_IN } from '../../core/auth/settings.js';
import { StaffAuth } from '../../core/auth/staff-auth.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { addAnnaAndRita } from '../auth/staff-client.js';
import { CLINIC, simulatorConfig, tmpFolder } from '../e2e/simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';
import { CLINIC_MORNING, SEEDED } from '../web/reception-host.js';

/*
 * A fleet host built from real parts, as the runtime will build it: two real one-clinic hosts
 * on the simulators (north and south, each with its own store, staff and metrics), each
 * clinic's API app built by buildApiApp with the fleet token and a cookie scoped to
 * `/c/<id>/`, and a third clinic (west) whose config failed. Served by the real fleet server.
 */

export const FLEET_TOKEN = 'fleet-vendor-token-1';

/** West's config problem, as the config loader reports one. */
export const WEST_PROBLEM = {
  file: 'clinics/west.yaml',
  key: 'sms.options.from',
  fix: 'use an E.164 number, e.g. +61412345678',
  message: 'sms.options.from: must be an E.164 number',
};

interface Cell {
  id: string;
  host: RunningHost;
  app: FastifyInstance;
  remove(): void;
}

export interface Fleet {
  url: string;
  north: Cell;
  south: Cell;
  clock: ManualClock;
  view: FleetView;
  stop(): Promise<void>;
}

const HEALTH_ORDER = ['ok', 'degraded', 'down'] as const;

async function startCell(id: string, name: string, clock: ManualClock): Promise<Cell> {
  const folder = tmpFolder();
  await addAnnaAndRita(folder.dir);
  const logger = createSilentLogger();
  const config = await simulatorConfig(folder.dir, { clinic: { ...CLINIC, name } });
  const host = await startHost(config, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
  const pms = simulatorsOf(host).pms;
  for (const appointment of SEEDED) await pms.upsert({ status: 'booked', isVideo: false, ...appointment });
  await host.runTodayCycle();

  const { container } = host;
  const slots = container.resolve(TOKENS.PluginSlots);
  const auth = new StaffAuth({
    store: container.resolve(TOKENS.Store),
    clock,
    settings: DEFAULT_SIGN_IN,
    loopbackOnly: true,
    tokenConfigured: true,
    logger,
  });
  // The fleet token is the clinic's token: the vendor's requests to /c/<id>/ are accepted here too.
  const app = buildApiApp(host.control, {
    token: FLEET_TOKEN,
    auth,
    logger,
    cookiePath: `/c/${id}/`,
    monitoring: { metrics: container.resolve(TOKENS.Metrics), readiness: container.resolve(TOKENS.Readiness) },
    pluginRoutes: slots.map((slot) => ({ pluginId: slot.id, routes: slot.instance.routes ?? [] })),
  });
  await app.ready();
  return { id, host, app, remove: () => folder.remove() };
}

async function viewOf(cell: Cell): Promise<FleetClinicView> {
  const status = await cell.host.control.status();
  const worst = Math.max(...status.plugins.map((plugin) => HEALTH_ORDER.indexOf(plugin.health.status)));
  return {
    id: cell.id,
    name: status.clinic.name,
    timeZone: status.clinic.timeZone,
    state: 'running',
    health: HEALTH_ORDER[worst] ?? 'ok',
    lastPollAt: status.loops.today?.lastRunAt,
    textsToday: { sent: status.messagesToday.sent, failed: status.messagesToday.failed, unknown: status.messagesToday.unknown },
    failures: status.recentErrors.length,
    replica: 'replica-a',
  };
}

export async function startFleet(): Promise<Fleet> {
  const clock = new ManualClock(CLINIC_MORNING);
  const north = await startCell('north', 'North Road Clinic', clock);
  const south = await startCell('south', 'South Beach Medical', clock);
  const cells = new Map([north, south].map((cell) => [cell.id, cell]));
  const west: FleetClinicView = {
    id: 'west',
    name: 'West End Family Practice',
    timeZone: 'Australia/Perth',
    state: 'failed',
    problem: WEST_PROBLEM,
    health: 'unknown',
    textsToday: { sent: 0, failed: 0, unknown: 0 },
    failures: 0,
  };
  const view: FleetView = {
    list: async () => [...(await Promise.all([...cells.values()].map(viewOf))), west],
    clinicApp: async (id) => cells.get(id)?.app,
    metrics: () =>
      mergeClinicMetrics([...cells.values()].map((cell) => ({ clinicId: cell.id, registry: cell.host.container.resolve(TOKENS.Metrics).registry }))),
  };
  let server: ApiServer;
  try {
    server = await createFleetApiServer(view, { port: 0, token: FLEET_TOKEN, logger: createSilentLogger(), requestTimeoutMs: 1_000 });
  } catch (error) {
    for (const cell of cells.values()) await stopCell(cell);
    throw error;
  }
  return {
    url: server.url,
    north,
    south,
    clock,
    view,
    stop: async () => {
      await server.close();
      for (const cell of cells.values()) await stopCell(cell);
    },
  };
}

async function stopCell(cell: Cell): Promise<void> {
  await cell.app.close();
  await cell.host.stop();
  cell.remove();
}
