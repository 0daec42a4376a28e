import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import type { RunningHost } from '../../core/runtime/host.js';
import { openSqliteStore } from '../../core/store/sqlite-store.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startMorningHost, startSimulatorHost, type MorningHost, type SentText } from '../e2e/simulator-host.js';
import { parsePrometheusText, sampleValue, samplesOf, type Family } from './prometheus-text.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX = '+61412345678';
const STRANGER = '+61498765432';

const LATE_BOOKING = {
  id: 'appt-kim',
  start: '2026-11-23T11:00:00+11:00',
  end: '2026-11-23T11:15:00+11:00',
  patient: { id: 'pat-kim', name: 'Kim Park', firstName: 'Kim', mobile: '0434 567 890' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

async function scrape(base: string): Promise<{ text: string; families: Map<string, Family> }> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).to.equal(200);
  expect(response.headers.get('content-type')).to.equal('text/plain; version=0.0.4; charset=utf-8');
  const text = await response.text();
  return { text, families: parsePrometheusText(text) };
}

/** Outbox entries per `template/status`, as the store holds them. */
async function outboxTally(store: Store): Promise<Record<string, number>> {
  const tally: Record<string, number> = {};
  for (const entry of await store.listOutbox({ limit: 1000 })) {
    const key = `${entry.template}/${entry.status}`;
    tally[key] = (tally[key] ?? 0) + 1;
  }
  return tally;
}

describe('GET /metrics on a running host', function () {
  this.timeout(20_000);
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  let morning: MorningHost;

  beforeEach(async () => {
    morning = await startMorningHost();
    ({ clock, host, api } = morning);
  });

  afterEach(() => morning.stop());

  it('counts texts by template and result, replies by outcome and loop runs, matching what happened', async () => {
    await host.runTodayCycle();
    await api.post('/api/simulator/inbox', { from: '0412 345 678', body: 'Yes' });
    await api.post('/api/simulator/inbox', { from: STRANGER, body: 'hello?' });
    expect(await host.handleInboxOnce()).to.equal(2);
    // A late booking whose screening text the provider refuses (a bad number): failed, not retried.
    await api.post('/api/simulator/appointments', { ...LATE_BOOKING });
    simulatorsOf(host).sms.failNext('invalid-number');
    clock.advance(60_000);
    await host.runTodayCycle();

    const { text, families } = await scrape(host.apiUrl);
    const store = host.container.resolve<Store>(TOKENS.Store);
    const tally = await outboxTally(store);
    const texts = samplesOf(families, 'clinic_arrivals_texts_total');
    const counted = Object.fromEntries(texts.map((s) => [`${s.labels.template}/${s.labels.result}`, s.value]));
    expect(counted).to.deep.equal(tally);
    expect(Object.keys(tally).some((key) => key.endsWith('/failed'))).to.equal(true);
    const { items: sent } = await api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
    expect(texts.filter((s) => s.labels.result === 'sent').reduce((sum, s) => sum + s.value, 0)).to.equal(sent.length);

    expect(sampleValue(families, 'clinic_arrivals_incoming_texts_total', { outcome: 'handled' })).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_incoming_texts_total', { outcome: 'unprocessed' })).to.equal(1);

    expect(sampleValue(families, 'clinic_arrivals_loop_run_duration_seconds_count', { loop: 'today', result: 'ok' })).to.equal(2);
    expect(sampleValue(families, 'clinic_arrivals_loop_run_duration_seconds_bucket', { loop: 'today', result: 'ok', le: '+Inf' })).to.equal(2);
    expect(sampleValue(families, 'clinic_arrivals_loop_last_success_timestamp_seconds', { loop: 'today' })).to.equal(clock.now() / 1000);
    expect(families.get('clinic_arrivals_loop_run_duration_seconds')?.type).to.equal('histogram');

    expect(sampleValue(families, 'clinic_arrivals_store_up')).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_unknown_sends')).to.equal(0);
    expect(sampleValue(families, 'clinic_arrivals_outbox_waiting_texts', { status: 'pending' })).to.equal(0);
    expect(sampleValue(families, 'clinic_arrivals_incoming_waiting_texts')).to.equal(0);
    // Default process metrics, under the same prefix.
    expect(families.get('clinic_arrivals_process_cpu_seconds_total')?.type).to.equal('counter');
    // The host's own health windows: every role it runs; the refused send leaves texting degraded.
    const expected = { pms: 'ok', sms: 'degraded', inbox: 'ok', video: 'ok' };
    for (const [role, status] of Object.entries(expected)) {
      for (const shown of ['ok', 'degraded', 'down']) {
        expect(sampleValue(families, 'clinic_arrivals_plugin_health', { role, status: shown }), `${role} ${shown}`).to.equal(shown === status ? 1 : 0);
      }
    }
    expect(sampleValue(families, 'clinic_arrivals_plugin_window_failed_calls', { role: 'sms' })).to.equal(1);

    // Nothing that names a patient, a number or an appointment.
    for (const secret of ['Alex', 'Sam', 'Kim', '412345678', '423456789', '434567890', '498765432', 'appt-', 'hello', 'Dr Lee']) {
      expect(text, secret).to.not.contain(secret);
    }
  });

  it('shows sends cut off by a crash as unknown, and counts waiting work from the store', async () => {
    await host.runTodayCycle();
    await host.stop();

    // What a crash between the intent and the provider's answer leaves behind, plus a waiting retry.
    const store = await openSqliteStore(`${morning.folder.dir}/store.sqlite`);
    await store.beginSend({ key: 'cut-1', to: ALEX, template: 'Screening', body: 'x', appointmentId: 'appt-alex' }, clock.now());
    const retry = await store.beginSend({ key: 'retry-1', to: ALEX, template: 'Screening', body: 'y', appointmentId: 'appt-alex' }, clock.now());
    await store.finishSend(retry.id, { status: 'retry', error: 'CA_ERR_NOT_READY' }, clock.now());
    await store.close();

    host = await startSimulatorHost(morning.folder.dir, clock);
    const { families } = await scrape(host.apiUrl);
    expect(sampleValue(families, 'clinic_arrivals_texts_total', { template: 'Screening', result: 'unknown' })).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_unknown_sends')).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_outbox_waiting_texts', { status: 'retry' })).to.equal(1);
    expect(sampleValue(families, 'clinic_arrivals_outbox_waiting_texts', { status: 'pending' })).to.equal(0);
  });
});
