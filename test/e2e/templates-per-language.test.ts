import { expect } from 'chai';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import type { AppointmentListing, TimeRange } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { simulatorsOf } from '../simulator-services.js';
import { ApiClient, CLINIC, MORNING, simulatorConfig, tmpFolder, type SentText } from './simulator-host.js';

const ALEX = '+61412345678';
const SAM = '+61423456789';
/** The clinic's own Vietnamese text for the first text of the day (the screening question). */
const VI_SCREENING = 'Chào {{ Patient.firstName }}, {{ clinic.name }}: hẹn khám lúc {{ Appointment.start.time }}. Reply YES for video, NO to come in.';

/**
 * The PMS gives each patient's language. The simulator is driven through its service; the
 * appointments' language is added where the PMS would give it.
 */
function withLanguages(host: RunningHost, languages: Record<string, string>): void {
  const pms = simulatorsOf(host).pms;
  const list = pms.listAppointments.bind(pms);
  pms.listAppointments = async (range: TimeRange): Promise<AppointmentListing> => {
    const listing = await list(range);
    return { ...listing, appointments: listing.appointments.map((a) => (languages[a.id] ? { ...a, language: languages[a.id] } : a)) };
  };
}

describe('end to end: texts in the patient language, and the gaps', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let api: ApiClient;

  const sent = async (to: string): Promise<SentText[]> => (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items.filter((m) => m.to === to);

  async function start(): Promise<void> {
    const config = await simulatorConfig(folder.dir, {
      // uk: offered, with no texts shipped or configured (every template missing in it).
      clinic: { ...CLINIC, languages: ['vi', 'uk'] },
      templates: { ConsiderTeleHealth: { vi: VI_SCREENING } },
    });
    host = await startHost(config, {
      clock: new ManualClock('2026-11-23T08:00:00+11:00'),
      logger: createSilentLogger(),
      apiPort: 0,
      startLoops: false,
      printBanner: false,
    });
    api = new ApiClient(host.apiUrl);
  }

  beforeEach(async () => {
    folder = tmpFolder();
    await start();
    for (const appointment of MORNING) await api.post('/api/simulator/appointments', appointment);
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('vi gets the Vietnamese text; de gets the English text once, and the gap is listed and kept across a restart', async () => {
    withLanguages(host, { 'appt-alex': 'vi-VN', 'appt-sam': 'de' });
    await host.runTodayCycle();

    // The time follows the text's language (vi-AU: 24-hour), not the clinic's English locale.
    const alex = await sent(ALEX);
    expect(alex.map((m) => m.body)).to.deep.equal(['Chào Alex, Test Street Medical: hẹn khám lúc 10:00. Reply YES for video, NO to come in.']);
    const sam = await sent(SAM);
    expect(sam).to.have.length(1);
    expect(sam[0]!.body).to.contain('reply YES for a video consult');

    const status = await api.get('/api/status');
    expect(status.languages).to.deep.include({ default: 'en', offered: ['en', 'vi', 'uk'] });
    expect(status.languages.gaps).to.have.length(1);
    expect(status.languages.gaps[0]).to.deep.include({ language: 'de', count: 1 });
    expect(status.languages.gaps[0].templates.map((t: { template: string }) => t.template)).to.deep.equal(['ConsiderTeleHealth']);

    // Kept in the store: the same gap after a restart.
    await host.stop();
    await start();
    expect((await api.get('/api/status')).languages.gaps[0]).to.deep.include({ language: 'de', count: 1 });
  });

  it('lists every template with its texts and costs per language, and edits one language through the API', async () => {
    const { items } = await api.get('/api/templates');
    const screening = items.find((t: { name: string }) => t.name === 'ConsiderTeleHealth');
    expect(screening).to.deep.include({ language: 'en', missingLanguages: ['uk'] });
    expect(screening.languages.map((l: { language: string; encoding: string }) => [l.language, l.encoding])).to.deep.equal([
      ['en', 'GSM-7'],
      ['vi', 'UCS-2'],
    ]);
    const registration = items.find((t: { name: string }) => t.name === 'Registration');
    // vi too until its shipped texts arrive; uk in any case.
    expect(registration.missingLanguages).to.include('uk');

    const put = await fetch(`${host.apiUrl}/api/templates/Registration?language=uk`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Привіт, {{ Patient.firstName }}' }),
    });
    expect(put.status).to.equal(200);
    const edited = (await put.json()) as { missingLanguages: string[]; languages: Array<Record<string, unknown>> };
    expect(edited.missingLanguages).to.not.include('uk');
    expect(edited.languages.find((l) => l.language === 'uk')).to.deep.include({ source: 'edited', text: 'Привіт, {{ Patient.firstName }}', encoding: 'UCS-2' });

    const german = await fetch(`${host.apiUrl}/api/templates/Registration?language=de`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hallo' }),
    });
    expect(german.status).to.equal(422);
    expect(((await german.json()) as { problems: Array<{ fix: string }> }).problems[0]!.fix).to.include('add de to clinic.languages');

    // Kept in the store as the Ukrainian edit: still there after a restart.
    await host.stop();
    await start();
    const after = (await api.get('/api/templates')).items.find((t: { name: string }) => t.name === 'Registration');
    expect(after.languages.find((l: { language: string }) => l.language === 'uk')).to.deep.include({ source: 'edited' });
  });
});
