import { expect } from 'chai';
import { alertSettingsOf, decideAlert } from '../../core/runtime/alerts/index.js';
import type { PluginHealthState } from '../../core/runtime/plugin-health-feed.js';

const MINUTE = 60_000;
const T0 = Date.parse('2026-11-23T08:00:00+11:00');
const settings = alertSettingsOf({ afterMinutes: 10, recoveredAfterMinutes: 5, rateLimitMinutes: 60 });
const health = (status: PluginHealthState['status'], since: number, code?: string): PluginHealthState => ({
  role: 'sms',
  status,
  since,
  calls: 3,
  retried: 0,
  failed: 3,
  ...(code ? { lastError: { code, at: since } } : {}),
});

describe('alerts: decideAlert', () => {
  it('dates a failure from the feed, so one that began before the host started is alerted once its window has passed', () => {
    const { state, notice } = decideAlert('sms', {}, health('down', T0 - 12 * MINUTE, 'CA_ERR_AUTH'), T0, settings);
    expect(notice).to.deep.equal({ kind: 'alert', role: 'sms', failingSince: T0 - 12 * MINUTE, code: 'CA_ERR_AUTH', decidedAt: T0 });
    expect(state).to.deep.include({ failingSince: T0 - 12 * MINUTE, alerted: true, lastAlertAt: T0 });
  });

  it('changes nothing while the feed has not measured the role', () => {
    const previous = { failingSince: T0, alerted: true, lastAlertAt: T0 + 10 * MINUTE };
    expect(decideAlert('sms', previous, undefined, T0 + 60 * MINUTE, settings)).to.deep.equal({ state: previous });
  });

  it('never dates a failure in the future (a feed clock ahead of the host)', () => {
    const { state } = decideAlert('sms', {}, health('down', T0 + MINUTE), T0, settings);
    expect(state.failingSince).to.equal(T0);
  });

  it('ends a failure that was never alerted without a message', () => {
    const previous = { failingSince: T0, alerted: false };
    const { state, notice } = decideAlert('sms', previous, health('ok', T0 + 3 * MINUTE), T0 + 8 * MINUTE, settings);
    expect(notice).to.equal(undefined);
    expect(state).to.deep.equal({});
  });
});
