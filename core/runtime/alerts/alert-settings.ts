import type { AlertsConfig } from '../../config/types.js';

const MINUTE = 60_000;

/** The roles whose failure is worth waking someone for: no texts out, or no appointments in. */
export const WATCHED_ROLES = ['sms', 'pms'] as const;
export type WatchedRole = (typeof WATCHED_ROLES)[number];

/** The alert rules in milliseconds, derived from `alerts:` once. */
export interface AlertSettings {
  /** A failing spell this long gets its alert. */
  afterMs: number;
  /** `degraded` counts as failing, not only `down`. */
  includeDegraded: boolean;
  /** Working again this long ends the spell (and sends the recovered message if it was alerted). */
  recoveredAfterMs: number;
  /** At most one alert per role in this period. */
  rateLimitMs: number;
}

/** Settings from the config, with the schema's defaults for anything left out. */
export function alertSettingsOf(config: Partial<AlertsConfig> | undefined): AlertSettings {
  return {
    afterMs: (config?.afterMinutes ?? 10) * MINUTE,
    includeDegraded: config?.includeDegraded ?? true,
    recoveredAfterMs: (config?.recoveredAfterMinutes ?? 5) * MINUTE,
    rateLimitMs: (config?.rateLimitMinutes ?? 60) * MINUTE,
  };
}
