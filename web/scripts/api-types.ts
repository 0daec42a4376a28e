import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApiApp } from '../../core/api/app.js';
import { DEFAULT_SIGN_IN } from '../../core/auth/settings.js';
import { StaffAuth } from '../../core/auth/staff-auth.js';
import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import type { HostControl } from '../../core/api/host-api.js';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';

/** The checked-in types of the API, generated from its OpenAPI document. */
export const API_TYPES_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = `/*
 * Generated from the host's OpenAPI document (GET /api/openapi.json) by
 * \`npm run generate:api -w web\`. Do not edit: change the route schemas in core/api and
 * regenerate; a test fails while this file is out of date.
 */

`;

/** The API's OpenAPI document, from the routes as registered (no server listens, no host control is called). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const logger = createSilentLogger();
  const store = await openSqliteStore(':memory:');
  const auth = new StaffAuth({ store, clock: new SystemClock(), settings: DEFAULT_SIGN_IN, loopbackOnly: true, tokenConfigured: false, logger });
  const app = buildApiApp({ simulators: {} } as unknown as HostControl, { logger, auth });
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
