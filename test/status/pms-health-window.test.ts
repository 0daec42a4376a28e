import { join } from 'node:path';
import { expect } from 'chai';
import { loadConfigFromObject } from '../../core/config/load.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import type { PluginHealthState } from '../../core/runtime/plugin-health-feed.js';
import { createLogger } from '../../core/runtime/logger.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { startFaultProxy, type FaultProxy } from '../fhir/fault-proxy.js';
import { seedAppointments } from '../fhir/fhir-seed.js';
import { startFhirTestServer, type FhirTestServer } from '../fhir/fhir-test-server.js';
import { CLINIC, FHIR_TOKEN } from '../e2e/fhir-host.js';
import { ApiClient, tmpFolder } from '../e2e/simulator-host.js';
import { parsePrometheusText, sampleValue } from '../metrics/prometheus-text.js';

/*
 * S29: a FHIR server that answers 500 twice and then recovers. The host's poll works (the
 * plugin retries), but the retries must show: pms `degraded` with the retry count and the
 * code on /api/status and on the health feed, the retries among recent errors and at warn in
 * the log; back to `ok` once the window has slid past them, on the host's clock. A restart
 * on the same store keeps the window and the last error.
 */

const WINDOW_S = 300;

interface PluginLine {
  role: string;
  health: { status: string; detail?: string };
  window?: { windowSeconds: number; status: string; since: string; calls: number; retried: number; failed: number; lastError?: { code: string; at: string } };
}
interface StatusPage {
  plugins: PluginLine[];
  recentErrors: Array<{ where: string; error: string }>;
}

const isSearch = (method: string, url: string) => method === 'GET' && url.includes('/Appointment?');

describe('plugin health window: a FHIR server failing twice then recovering (S29)', function () {
  this.timeout(30_000);
  let server: FhirTestServer;
  let proxy: FaultProxy;
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;
  let logLines: Array<Record<string, unknown>>;

  async function launch(): Promise<{ host: RunningHost; api: ApiClient }> {
    const loaded = await loadConfigFromObject(
      {
        clinic: CLINIC,
        pms: {
          use: 'pms-fhir-r4',
          options: { baseUrl: proxy.url, auth: { type: 'bearer', token: FHIR_TOKEN }, retries: 3, retryMinDelayMs: 1, retryMaxDelayMs: 5 },
        },
        sms: { use: 'sms-simulator', options: { print: false } },
        inbox: { use: 'inbox-simulator' },
        video: { use: 'none' },
        store: { path: './store.sqlite' },
        health: { windowSeconds: WINDOW_S },
        logging: { level: 'silent' },
      },
      { file: join(folder.dir, 'clinicarrivals.config.yaml'), dir: folder.dir, env: {} },
    );
    const logger = createLogger({
      level: 'debug',
      destination: {
        write: (line: string) => {
          logLines.push(JSON.parse(line));
        },
      },
    });
    host = await startHost(loaded, { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
    return { host, api: new ApiClient(host.apiUrl) };
  }

  /** The PMS series of the host's `/metrics`: health by status, calls and retries in the window. */
  async function pmsMetrics(h: RunningHost) {
    const families = parsePrometheusText(await (await fetch(`${h.apiUrl}/metrics`)).text());
    const value = (name: string, labels: Record<string, string> = {}) => sampleValue(families, name, { role: 'pms', ...labels });
    return {
      degraded: value('clinic_arrivals_plugin_health', { status: 'degraded' }),
      ok: value('clinic_arrivals_plugin_health', { status: 'ok' }),
      calls: value('clinic_arrivals_plugin_window_calls'),
      retried: value('clinic_arrivals_plugin_window_retried_calls'),
    };
  }

  const pmsLine = async (api: ApiClient) => (await api.get<StatusPage>('/api/status')).plugins.find((p) => p.role === 'pms')!;

  beforeEach(async () => {
    folder = tmpFolder();
    server = await startFhirTestServer();
    await seedAppointments(server.baseUrl, [
      {
        start: '2026-11-23T10:00:00+11:00',
        end: '2026-11-23T10:15:00+11:00',
        status: 'booked',
        isVideo: false,
        patient: { id: 'pat-jordan', name: 'Jordan Lee', firstName: 'Jordan', mobile: '0412 345 678' },
        practitioner: { id: 'prac-lee', name: 'Dr Lee' },
      },
    ]);
    proxy = await startFaultProxy(server.baseUrl);
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    logLines = [];
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    await proxy.close();
    await server.close();
    folder.remove();
  });

  it('turns pms degraded with the retry count and code, lists the retries, logs them at warn, and returns to ok after the window', async () => {
    const { host: h, api } = await launch();
    const heard: PluginHealthState[] = [];
    h.health.subscribe((state) => heard.push(state));

    await h.runTodayCycle();
    const healthy = await pmsLine(api);
    expect(healthy.health.status).to.equal('ok');
    expect(healthy.window).to.include({ status: 'ok', retried: 0, failed: 0, windowSeconds: WINDOW_S });
    expect(healthy.window!.calls).to.be.greaterThan(0);

    clock.advance(60_000);
    proxy.failNext({ kind: 'status', status: 500, text: 'Jordan Lee is locked' }, 2, isSearch);
    await h.runTodayCycle(); // works on the third try
    const after = clock.now();

    const degraded = await pmsLine(api);
    expect(degraded.health.status).to.equal('degraded');
    expect(degraded.health.detail).to.contain('2 retried');
    expect(degraded.window).to.include({ status: 'degraded', retried: 2, failed: 0 });
    expect(degraded.window!.lastError).to.deep.equal({ code: 'CA_ERR_PMS_SERVER', at: new Date(after).toISOString() });
    expect(h.health.current().find((s) => s.role === 'pms')).to.include({ status: 'degraded', retried: 2, failed: 0 });
    expect(heard.map((s) => `${s.role} ${s.status}`)).to.deep.equal(['pms degraded']);

    const degradedMetrics = await pmsMetrics(h);
    expect(degradedMetrics).to.include({ degraded: 1, ok: 0, retried: 2 });
    expect(degradedMetrics.calls).to.equal(degraded.window!.calls);

    const { recentErrors } = await api.get<StatusPage>('/api/status');
    const retried = recentErrors.find((e) => e.where === 'pms call retried');
    expect(retried?.error).to.match(/^CA_ERR_PMS_SERVER: FHIR server answered 500 \(search Appointment\)/);
    expect(JSON.stringify(recentErrors)).to.not.contain('Jordan');

    const warns = logLines.filter((l) => l.level === 40 && l.msg === 'FHIR call failed; retrying');
    expect(warns.map((l) => l.code)).to.deep.equal(['CA_ERR_PMS_SERVER', 'CA_ERR_PMS_SERVER']);
    expect(JSON.stringify(logLines)).to.not.contain('Jordan');

    // The window slides past the retries with no call at all: the time-based return to ok.
    clock.advance(WINDOW_S * 1000 + 1000);
    h.health.refresh();
    expect(heard.map((s) => `${s.role} ${s.status}`)).to.deep.equal(['pms degraded', 'pms ok']);
    const recovered = await pmsLine(api);
    expect(recovered.health.status).to.equal('ok');
    expect(recovered.window).to.include({ status: 'ok', retried: 0, failed: 0, calls: 0 });
    expect(await pmsMetrics(h)).to.include({ degraded: 0, ok: 1, retried: 0, calls: 0 });
    // What it was stays on the page after recovery.
    expect(recovered.window!.lastError?.code).to.equal('CA_ERR_PMS_SERVER');
  });

  it('keeps the window and the last error across a restart on the same store', async () => {
    let { host: h, api } = await launch();
    await h.runTodayCycle();
    proxy.failNext({ kind: 'status', status: 503 }, 2, isSearch);
    clock.advance(30_000);
    await h.runTodayCycle();
    const before = await pmsLine(api);
    expect(before.window).to.include({ status: 'degraded', retried: 2 });
    await h.stop();
    host = undefined;

    clock.advance(10_000);
    ({ host: h, api } = await launch());
    const after = await pmsLine(api);
    expect(after.health.status).to.equal('degraded');
    expect(after.window).to.deep.equal(before.window);

    // The window ends where it would have without the restart: 300 s after the retries.
    clock.advance((WINDOW_S - 10) * 1000 + 1000);
    h.health.refresh();
    const later = await pmsLine(api);
    expect(later.window).to.include({ status: 'ok', retried: 0 });
    expect(later.window!.lastError?.code).to.equal('CA_ERR_PMS_SERVER');
  });

  it('is down while every call fails, with the unreachable code when nothing answers', async () => {
    const { host: h, api } = await launch();
    proxy.failNext({ kind: 'drop' }, 100, isSearch);
    await h.runTodayCycle().catch(() => undefined);
    const down = await pmsLine(api);
    expect(down.window).to.include({ status: 'down', calls: 1, failed: 1, retried: 3 });
    expect(down.window!.lastError?.code).to.equal('CA_ERR_UNREACHABLE');
    expect(down.health.status).to.equal('down');
  });
});
