import { CONFIG_ENV_VAR } from '../config/errors.js';
import { checkFleetConfig, isFleetConfigObject } from '../config/fleet-config.js';
import { findConfig } from '../config/find.js';
import { loadConfig, type LoadConfigOptions } from '../config/load.js';
import { reportNotices } from './report.js';

/** What `start` runs: one clinic, or a fleet of them. */
export interface StartedHost {
  apiUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts what the config describes: a fleet when it has `clinics:` (a broken clinic file is
 * reported and that clinic alone stays down), otherwise one clinic. Throws on problems in the
 * config's own keys (exit 2).
 */
export async function startConfigured(options: Pick<LoadConfigOptions, 'configPath' | 'whenNoConfig' | 'defaultApiPort'>): Promise<StartedHost> {
  if (options.whenNoConfig !== 'demo-only') {
    const found = await findConfig({ configPath: options.configPath ?? (process.env[CONFIG_ENV_VAR] || undefined) });
    if (!found.isDefault && isFleetConfigObject(found.raw)) {
      const fleet = checkFleetConfig(found);
      // Loaded lazily: check-config and init need neither the store nor the HTTP server.
      const { startFleet } = await import('../runtime/fleet/fleet-host.js');
      const running = await startFleet(fleet);
      process.stderr.write(`clinic-arrivals: ${running.clinics.runners.size} clinics; fleet view at ${running.apiUrl}/ (each clinic at /c/<id>/)\n`);
      return running;
    }
  }
  const loaded = await loadConfig(options);
  reportNotices(loaded.notices);
  const { startHost } = await import('../runtime/host.js');
  return startHost(loaded);
}
