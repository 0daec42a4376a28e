import type { PluginWindowView } from '../api/host-api.js';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import type { HealthStatus, PluginHealthState } from './plugin-health-feed.js';

const RANK: Record<HealthStatus, number> = { ok: 0, degraded: 1, down: 2 };

/**
 * A plugin's line on the status page: its own report (or what the host saw) made no better
 * than what the window of calls says, and the window's counts. The words are the host's own:
 * codes and counts, never remote text.
 */
export function withWindow(
  health: HealthReport,
  window: PluginHealthState | undefined,
  windowMs: number | undefined,
): { health: HealthReport; window?: PluginWindowView } {
  if (!window || windowMs === undefined) return { health };
  const view: PluginWindowView = {
    windowSeconds: Math.round(windowMs / 1000),
    status: window.status,
    since: new Date(window.since).toISOString(),
    calls: window.calls,
    retried: window.retried,
    failed: window.failed,
    ...(window.lastError ? { lastError: { code: window.lastError.code, at: new Date(window.lastError.at).toISOString() } } : {}),
  };
  if (staleDegraded(health, window, windowMs)) {
    // The plugin still reports a failure that has left the window: the window's `ok` wins.
    return { health: { ...health, status: window.status, detail: `earlier: ${health.detail ?? 'degraded'}` }, window: view };
  }
  if (RANK[window.status] <= RANK[health.status]) return { health, window: view };
  const said = windowSentence(view);
  return { health: { ...health, status: window.status, detail: health.detail ? `${said}; ${health.detail}` : said }, window: view };
}

/** "2 retried, 1 of 3 calls failed in the last 5 min (last CA_ERR_PMS_SERVER)". */
export function windowSentence(view: PluginWindowView): string {
  const parts: string[] = [];
  if (view.retried > 0) parts.push(`${view.retried} retried`);
  if (view.failed > 0) parts.push(`${view.failed} of ${view.calls} calls failed`);
  const span = view.windowSeconds % 60 === 0 ? `${view.windowSeconds / 60} min` : `${view.windowSeconds} s`;
  const last = view.lastError ? ` (last ${view.lastError.code})` : '';
  return `${parts.join(', ') || 'known down'} in the last ${span}${last}`;
}

/**
 * A plugin whose own report is `degraded` because of its last failure (`data.lastErrorAt`, ISO)
 * keeps saying so until its next success; once that failure is older than the window and the
 * window is `ok`, the report is history, not health.
 */
function staleDegraded(health: HealthReport, window: PluginHealthState, windowMs: number): boolean {
  if (health.status !== 'degraded' || window.status !== 'ok') return false;
  const at = typeof health.data?.lastErrorAt === 'string' ? Date.parse(health.data.lastErrorAt) : NaN;
  return Number.isFinite(at) && window.since >= at + windowMs;
}
