import { expect } from 'chai';
import type { Store } from '../../core/store/store.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { createLogger } from '../../core/runtime/logger.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, simulatorConfig, tmpFolder, type SentText } from '../e2e/simulator-host.js';
import { parsePrometheusText, sampleValue } from '../metrics/prometheus-text.js';

/*
 * An appointment the engine cannot decide for (here: a practitioner row whose room is a number,
 * as a hand edit or an older version could leave it, so DoctorReady throws) is skipped, and the
 * clinic sees it: an error log line, the status page's recent errors, and a metric. The other
 * appointments still get their texts. No patient data in any of it.
 */

const PATIENTS = {
  bad: { id: 'pat-bad', name: 'Robin Example', firstName: 'Robin', mobile: '0412 345 678' },
  good: { id: 'pat-good', name: 'Sam Jones', firstName: 'Sam', mobile: '0423 456 789' },
};

function appointment(which: 'bad' | 'good', status: string) {
  return {
    id: `appt-${which}`,
    start: '2026-11-23T11:00:00+11:00',
    end: '2026-11-23T11:15:00+11:00',
    status,
    isVideo: false,
    patient: PATIENTS[which],
    practitioner: which === 'bad' ? { id: 'prac-bad', name: 'Dr Bad Room' } : { id: 'prac-lee', name: 'Dr Lee' },
  };
}

interface StatusPage {
  recentErrors: Array<{ where: string; error: string; count: number }>;
}

const PATIENT_DATA = /Robin|Example|Sam|Jones|412.?345.?678|423.?456.?789/;

describe('engine failures on a running host', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let api: ApiClient;
  let log: string;

  beforeEach(async () => {
    folder = tmpFolder();
    log = '';
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void (log += line) } });
    const clock = new ManualClock('2026-11-23T10:50:00+11:00');
    host = await startHost(await simulatorConfig(folder.dir), { clock, logger, apiPort: 0, startLoops: false, printBanner: false });
    api = new ApiClient(host.apiUrl);
    await host.container.resolve<Store>(TOKENS.Store).savePractitioner({ practitionerId: 'prac-bad', room: 7 as unknown as string });
    await host.container.resolve<Store>(TOKENS.Store).savePractitioner({ practitionerId: 'prac-lee', room: 'room 3' });
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('logs it at error, lists it in /api/status recentErrors and counts it, while the other appointment gets its text', async () => {
    // Reception arrives both patients, then calls them in: DoctorReady is due for both.
    for (const which of ['bad', 'good'] as const) await api.post('/api/simulator/appointments', appointment(which, 'arrived'));
    await host.runTodayCycle();
    for (const which of ['bad', 'good'] as const) await api.post('/api/simulator/appointments', appointment(which, 'fulfilled'));
    await host.runTodayCycle();
    await host.runTodayCycle();

    const sent = (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items;
    expect(sent.map((t) => t.to)).to.deep.equal(['+61423456789']);
    expect(sent[0]!.body).to.contain('room 3');

    const { recentErrors } = await api.get<StatusPage>('/api/status');
    const engine = recentErrors.filter((e) => e.where.startsWith('engine'));
    expect(engine.map(({ where, error, count }) => ({ where, error, count }))).to.deep.equal([
      { where: 'engine scheduled plan-step', error: 'TypeError for appointment appt-bad', count: 2 },
    ]);
    expect(JSON.stringify(recentErrors)).to.not.match(PATIENT_DATA);

    const lines = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const errors = lines.filter((line) => line.level === 50 && line.appointmentId === 'appt-bad');
    expect(errors).to.have.length(2);
    expect(errors[0]).to.include({ step: 'plan-step', err: 'TypeError' });
    for (const line of lines) expect(JSON.stringify(line)).to.not.match(PATIENT_DATA);

    const metrics = parsePrometheusText(await (await fetch(`${host.apiUrl}/metrics`)).text());
    expect(sampleValue(metrics, 'clinic_arrivals_engine_failures_total', { phase: 'scheduled' })).to.equal(2);
  });
});
