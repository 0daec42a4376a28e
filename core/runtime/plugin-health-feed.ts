import type { PluginRole } from '@clinic-arrivals/plugin-kit';

/** How a plugin has been doing over the recent window. */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/**
 * One plugin's health as the host measured it over a recent window of calls: `degraded` when
 * calls needed retries or some failed, `down` when they all failed (or a person must act).
 * Log-safe: codes and counts only, never a number, body or remote text.
 */
export interface PluginHealthState {
  role: PluginRole;
  status: HealthStatus;
  /** Epoch ms when `status` last changed (kept across restarts). */
  since: number;
  /** Calls, retries and failures inside the window. */
  calls: number;
  retried: number;
  failed: number;
  /** The newest failure, kept after recovery so the status page can say what it was. */
  lastError?: { code: string; at: number };
}

/** Where alerts, `/api/ready` and `/metrics` read plugin health from, and hear it change. */
export interface PluginHealthFeed {
  /** Every role the host runs, as measured now. */
  current(): PluginHealthState[];
  /** Called on every status change (ok → degraded → down → ok…); returns an unsubscribe. */
  subscribe(listener: (state: PluginHealthState) => void): () => void;
}
