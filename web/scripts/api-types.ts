import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApiApp } from '../../core/api/app.js';
import { buildFleetFrontApp } from '../../core/api/fleet-front-app.js';
import { DEFAULT_SIGN_IN } from '../../core/auth/settings.js';
import { StaffAuth } from '../../core/auth/staff-auth.js';
import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { HostControl } from '../../core/api/host-api.js';
import { createSilentLogger, createTestContext, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import type { PluginDescriptor } from '@clinic-arrivals/plugin-kit';
import inboxSimulator from '../../plugins/inbox-simulator/index.js';
import pmsSimulator from '../../plugins/pms-simulator/index.js';
import smsSimulator from '../../plugins/sms-simulator/index.js';
import videoSimulator from '../../plugins/video-simulator/index.js';

/** The checked-in types of the API, generated from its OpenAPI document. */
export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));
/** The checked-in types of a fleet host's own routes (the fleet page), from the fleet's document. */
export const FLEET_API_TYPES_FILE = fileURLToPath(new URL('../src/api/fleet-schema.d.ts', import.meta.url));

const HEADER = `/*
 * Generated from the host's OpenAPI document (GET /api/openapi.json) by
 * \`npm run generate:api -w web\`. Do not edit: change the route schemas in core/api and
 * regenerate; a test fails while this file is out of date.
 */

`;

/** The reception app's simulator screen calls the simulator plugins' routes, so the document includes them. */
const SIMULATORS: PluginDescriptor[] = [pmsSimulator, smsSimulator, inboxSimulator, videoSimulator];

/**
 * The API's OpenAPI document, from the routes as registered: the host's own and those of the
 * four simulators, as a demo host has them (no server listens, no host control is called).
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const logger = createSilentLogger();
  const store = await openSqliteStore(':memory:');
  const auth = new StaffAuth({ store, clock: new SystemClock(), settings: DEFAULT_SIGN_IN, loopbackOnly: true, tokenConfigured: false, logger });
  const pluginRoutes = SIMULATORS.map((plugin) => ({
    pluginId: plugin.manifest.id,
    // Options validated and defaulted as the host does: create() relies on the defaults.
    routes: plugin.create(resolvePluginOptions(plugin, {}), createTestContext()).routes ?? [],
  }));
  const app = buildApiApp({} as unknown as HostControl, { logger, auth, pluginRoutes });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await store.close();
  }
}

/** The text schema.d.ts must have. */
export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as never, { alphabetize: true });
  return HEADER + astToString(ast);
}

/** A fleet host's document (GET /api/openapi.json at its root), from its routes as registered; no clinic is listed. */
export async function fleetOpenApiDocument(): Promise<Record<string, unknown>> {
  const view = { list: async () => [], clinicApp: async () => undefined, metrics: async () => '' };
  const app = buildFleetFrontApp(view, { logger: createSilentLogger() });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The text fleet-schema.d.ts must have. */
export async function generateFleetApiTypes(): Promise<string> {
  const ast = await openapiTS((await fleetOpenApiDocument()) as never, { alphabetize: true });
  return (
    HEADER.replace("host's OpenAPI document (GET /api/openapi.json)", "fleet host's OpenAPI document (GET /api/openapi.json at its root)") + astToString(ast)
  );
}
