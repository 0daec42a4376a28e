import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import type { PluginHealthFeed, PluginHealthState } from '../../core/runtime/plugin-health-feed.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { simulatorConfig, tmpFolder } from '../e2e/simulator-host.js';
import { parsePrometheusText, sampleValue } from './prometheus-text.js';

const T0 = Date.parse('2026-11-23T08:00:00+11:00');
const TOKEN = 'metrics-test-token-0123456789';

/** A health feed the test sets by hand (the host's own measures calls over a window). */
class SetHealthFeed implements PluginHealthFeed {
  states: PluginHealthState[] = (['pms', 'sms', 'inbox', 'video'] as const).map((role) => ({ role, status: 'ok', since: T0, calls: 0, retried: 0, failed: 0 }));

  current(): PluginHealthState[] {
    return this.states;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  set(role: PluginHealthState['role'], change: Partial<PluginHealthState>): void {
    this.states = this.states.map((state) => (state.role === role ? { ...state, ...change } : state));
  }
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(base + path, { headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

describe('GET /api/ready and access to /metrics on a running host', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let feed: SetHealthFeed;

  const start = async (extra: Record<string, unknown> = {}) => {
    feed = new SetHealthFeed();
    host = await startHost(await simulatorConfig(folder.dir, extra), {
      clock: new ManualClock(T0),
      logger: createSilentLogger(),
      apiPort: 0,
      startLoops: false,
      printBanner: false,
      healthFeed: feed,
    });
  };

  beforeEach(() => {
    folder = tmpFolder();
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('is ready while the store works and neither the PMS nor the SMS plugin is down', async () => {
    await start();
    expect(await get(host.apiUrl, '/api/ready')).to.deep.include({ status: 200, body: { ready: true, reasons: [] } });

    // Degraded (retries, some failures) is coping, not down; other roles do not decide readiness.
    feed.set('sms', { status: 'degraded', calls: 10, retried: 3, failed: 1 });
    feed.set('inbox', { status: 'down' });
    expect(await get(host.apiUrl, '/api/ready')).to.deep.include({ status: 200, body: { ready: true, reasons: [] } });

    feed.set('pms', { status: 'down', lastError: { code: 'CA_ERR_AUTH', at: T0 } });
    feed.set('sms', { status: 'down', lastError: { code: 'connect ECONNREFUSED 10.0.0.1 +61412345678', at: T0 } });
    const down = await get(host.apiUrl, '/api/ready');
    // A code is repeated only when it looks like one: remote text never reaches the reply.
    expect(down).to.deep.include({ status: 503, body: { ready: false, reasons: ['pms: down (CA_ERR_AUTH)', 'sms: down'] } });
    expect((await get(host.apiUrl, '/api/health')).status).to.equal(200);

    feed.set('pms', { status: 'ok' });
    feed.set('sms', { status: 'ok' });
    expect((await get(host.apiUrl, '/api/ready')).status).to.equal(200);
  });

  it('shows plugin health and the window counts of the feed in /metrics', async () => {
    await start();
    feed.set('pms', { status: 'degraded', calls: 12, retried: 4, failed: 1 });
    feed.set('sms', { status: 'down', calls: 3, retried: 0, failed: 3 });
    const families = parsePrometheusText((await get(host.apiUrl, '/metrics')).text);
    expect(families.get('clinic_arrivals_plugin_health')?.type).to.equal('gauge');
    const health = (role: string, status: string) => sampleValue(families, 'clinic_arrivals_plugin_health', { role, status });
    expect([health('pms', 'ok'), health('pms', 'degraded'), health('pms', 'down')]).to.deep.equal([0, 1, 0]);
    expect([health('sms', 'ok'), health('sms', 'degraded'), health('sms', 'down')]).to.deep.equal([0, 0, 1]);
    expect(health('video', 'ok')).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_plugin_window_calls', { role: 'pms' })).to.equal(12);
    expect(sampleValue(families, 'clinic_arrivals_plugin_window_retried_calls', { role: 'pms' })).to.equal(4);
    expect(sampleValue(families, 'clinic_arrivals_plugin_window_failed_calls', { role: 'sms' })).to.equal(3);
  });

  it('is not ready once the store cannot be used; health still answers and /metrics is refused on open access', async () => {
    await start();
    await host.container.resolve<Store>(TOKENS.Store).close();
    expect(await get(host.apiUrl, '/api/ready')).to.deep.include({ status: 503, body: { ready: false, reasons: ['store: unusable'] } });
    expect(await get(host.apiUrl, '/api/health')).to.deep.include({ status: 200, body: { ok: true } });
    // Open access asks the store whether anyone must sign in: without an answer, only public routes go on.
    expect(await get(host.apiUrl, '/metrics')).to.deep.include({ status: 503 });
    expect((await get(host.apiUrl, '/api/status')).status).to.equal(503);
  });

  it('with api.token: /metrics needs the token, /api/ready and /api/health do not, and a dead store shows as store_up 0', async () => {
    await start({ api: { token: TOKEN } });
    expect((await get(host.apiUrl, '/metrics')).status).to.equal(401);
    expect((await get(host.apiUrl, '/metrics', { authorization: 'Bearer wrong-token-0123456789' })).status).to.equal(401);
    const scraped = await get(host.apiUrl, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(scraped.status).to.equal(200);
    expect(sampleValue(parsePrometheusText(scraped.text), 'clinic_arrivals_store_up')).to.equal(1);
    expect((await get(host.apiUrl, '/api/ready')).status).to.equal(200);
    expect((await get(host.apiUrl, '/api/health')).status).to.equal(200);

    await host.container.resolve<Store>(TOKENS.Store).close();
    const dead = await get(host.apiUrl, '/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(dead.status).to.equal(200);
    const families = parsePrometheusText(dead.text);
    expect(sampleValue(families, 'clinic_arrivals_store_up')).to.equal(0);
    // The store's gauges keep their last value meanwhile (an unknown-sends alert keeps firing).
    expect(sampleValue(families, 'clinic_arrivals_unknown_sends')).to.equal(0);
    expect((await get(host.apiUrl, '/api/ready')).status).to.equal(503);
  });
});
