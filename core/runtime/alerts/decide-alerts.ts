import type { PluginHealthState } from '../plugin-health-feed.js';
import type { AlertSettings, WatchedRole } from './alert-settings.js';
import type { AlertNotice, RoleAlertState } from './alert-state.js';

/** The new state of one role and the notice to send, if any. */
export interface AlertDecision {
  state: RoleAlertState;
  notice?: AlertNotice;
}

/**
 * Decides, for one role, whether an alert or a recovered message is due now. Pure: the same
 * inputs always give the same answer.
 *
 * - A role is failing while `down`, or `degraded` when `includeDegraded` (a PMS that needs
 *   retries on every call for ten minutes is already slowing the clinic and heading for down).
 * - A spell of failure begins when it first fails and ends only once it has worked for
 *   `recoveredAfterMs`: a short good patch inside a bad hour is the same spell (flapping).
 * - A spell gets one alert, once it is `afterMs` old and while it is still failing, and only if
 *   the role had no alert in the last `rateLimitMs`; a spell held back by the limit is alerted
 *   when the limit passes if it is still failing then.
 * - A spell that was alerted gets one recovered message when it ends; one that was not, none.
 *
 * `health` undefined (the feed has not measured the role) changes nothing.
 */
export function decideAlert(
  role: WatchedRole,
  previous: RoleAlertState,
  health: PluginHealthState | undefined,
  now: number,
  settings: AlertSettings,
): AlertDecision {
  if (!health) return { state: previous };
  const state: RoleAlertState = { ...previous };
  const failing = health.status === 'down' || (health.status === 'degraded' && settings.includeDegraded);

  if (failing) {
    if (state.failingSince === undefined) {
      // The feed's `since` survives restarts, so a spell that began before one is dated right.
      state.failingSince = Math.min(health.since, now);
      state.alerted = false;
    }
    delete state.okSince;
    if (health.lastError) state.code = health.lastError.code;
    const old = now - state.failingSince >= settings.afterMs;
    const limited = state.lastAlertAt !== undefined && now - state.lastAlertAt < settings.rateLimitMs;
    if (!state.alerted && old && !limited) {
      state.alerted = true;
      state.lastAlertAt = now;
      return { state, notice: { kind: 'alert', role, failingSince: state.failingSince, code: state.code ?? 'none', decidedAt: now } };
    }
    return { state };
  }

  if (state.failingSince === undefined) return { state };
  if (state.okSince === undefined) {
    // Working since the feed's change when that is inside the spell; otherwise since we saw it.
    state.okSince = health.since >= state.failingSince && health.since <= now ? health.since : now;
  }
  if (now - state.okSince < settings.recoveredAfterMs) return { state };

  const notice: AlertNotice | undefined = state.alerted
    ? { kind: 'recovered', role, failingSince: state.failingSince, code: state.code ?? 'none', decidedAt: now }
    : undefined;
  delete state.failingSince;
  delete state.okSince;
  delete state.code;
  delete state.alerted;
  return { state, notice };
}
