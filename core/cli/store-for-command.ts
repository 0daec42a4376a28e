import { resolve } from 'node:path';
import { SystemClock } from '@clinic-arrivals/plugin-kit';
import { CONFIG_ENV_VAR, ConfigValidationError } from '../config/errors.js';
import { checkFleetConfig, clinicSourcesOf, isFleetConfigObject, loadClinic } from '../config/fleet-config.js';
import { findConfig } from '../config/find.js';
import { loadConfig } from '../config/load.js';
import type { HostConfig } from '../config/types.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { reportNotices } from './report.js';

/** A store a command opened, and how to close it. */
export interface CommandStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * The store a command works on (staff accounts): the one-clinic config's, or with `clinics:`
 * the store of the clinic `--clinic` names (its SQLite file, or its rows in PostgreSQL).
 */
export async function openStoreForCommand(configPath: string | undefined, clinicId: string | undefined): Promise<CommandStore> {
  const found = await findConfig({ configPath: configPath ?? (process.env[CONFIG_ENV_VAR] || undefined) });
  if (!found.isDefault && isFleetConfigObject(found.raw)) {
    const fleet = checkFleetConfig(found);
    const sources = clinicSourcesOf(fleet);
    const source = sources.find((candidate) => candidate.id === clinicId);
    if (!source) {
      const known = sources.map((candidate) => candidate.id).join(', ') || 'none';
      throw new ConfigValidationError([
        `${found.label}: clinics: ${clinicId === undefined ? 'this config lists many clinics; name one with --clinic <id>' : `no clinic "${clinicId}"`} (clinics: ${known})`,
      ]);
    }
    const clinic = await loadClinic(fleet, source);
    if (!clinic.loaded) throw new ConfigValidationError(clinic.problems ?? []);
    return openConfiguredStore(clinic.loaded.config, source.id);
  }
  if (clinicId !== undefined) throw new ConfigValidationError([`${found.label}: --clinic is for a config with clinics:; this one is for one clinic`]);
  // Without a config these manage the demo's store (./data), as `demo` uses it.
  const loaded = await loadConfig({ configPath, whenNoConfig: 'default' });
  reportNotices(loaded.notices);
  return openConfiguredStore(loaded.config, loaded.config.clinic.id);
}

async function openConfiguredStore(config: HostConfig, clinicId: string | undefined): Promise<CommandStore> {
  if (config.store.use === 'postgres') {
    const { createPostgresPool, openPostgresStore } = await import('../store/postgres/index.js');
    const { DEFAULT_CLINIC_ID } = await import('../runtime/postgres-clinic-store.js');
    const pool = createPostgresPool(config.store.url!, { max: 2 });
    try {
      // Staff accounts are not the clinic's workflow: no lease is needed to change them.
      const store = await openPostgresStore({ pool, clinicId: clinicId ?? DEFAULT_CLINIC_ID, clock: new SystemClock() });
      return { store, close: async () => (await store.close(), await pool.end()) };
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
  }
  if (config.store.path === ':memory:') throw new Error('store.path is :memory:, so accounts would vanish; set a file path');
  const store = await openSqliteStore(resolve(config.source.dir, config.store.path));
  return { store, close: () => store.close() };
}
