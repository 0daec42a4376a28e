import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { startHost, type RunningHost } from '../../core/runtime/host.js';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, simulatorConfig, tmpFolder, type SentText } from '../e2e/simulator-host.js';

const ALEX = '+61412345678';
const KIM = '+61434567890';

const APPOINTMENTS: Appointment[] = [
  {
    id: 'appt-alex',
    start: '2026-11-23T10:00:00+11:00',
    status: 'booked',
    isVideo: false,
    patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
  {
    id: 'appt-kim',
    start: '2026-11-23T10:15:00+11:00',
    status: 'booked',
    isVideo: false,
    patient: { id: 'pat-kim', name: 'Kim Tran', firstName: 'Kim', mobile: '0434 567 890' },
    practitioner: { id: 'prac-shah', name: 'Dr Shah' },
  },
];

interface PractitionerItem {
  practitionerId: string;
  name?: string;
  room?: string;
  ignore?: boolean;
  noVideo?: boolean;
  seen: boolean;
}

describe('practitioner settings before the PMS first shows the practitioner', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  const start = async (practitioners: Record<string, unknown>): Promise<{ host: RunningHost; api: ApiClient }> => {
    const config = await simulatorConfig(folder.dir, { practitioners });
    host = await startHost(config, { clock, logger: createSilentLogger(), apiPort: 0, startLoops: false, printBanner: false });
    return { host, api: new ApiClient(host.apiUrl) };
  };
  const sentTo = async (api: ApiClient, to: string): Promise<string[]> => {
    const { items } = await api.get<{ items: SentText[] }>('/api/simulator/sms/sent');
    return items.filter((m) => m.to === to).map((m) => m.body);
  };
  const practitioner = async (api: ApiClient, id: string): Promise<PractitionerItem | undefined> =>
    (await api.get<{ items: PractitionerItem[] }>('/api/practitioners')).items.find((p) => p.practitionerId === id);

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('ignores a practitioner ignored in the config from the very first pass', async () => {
    const { host, api } = await start({ 'prac-lee': { ignore: true } });
    for (const appointment of APPOINTMENTS) await api.post('/api/simulator/appointments', appointment);
    await host.runTodayCycle();
    expect(await sentTo(api, ALEX), 'no text for the ignored practitioner').to.deep.equal([]);
    expect(await sentTo(api, KIM), 'the other practitioner is texted as usual').to.have.length(1);
  });

  it('lists configured practitioners no poll has seen yet, then with their PMS name once seen', async () => {
    const { host, api } = await start({ 'prac-lee': { room: 'room 7', noVideo: true } });
    expect(await practitioner(api, 'prac-lee')).to.deep.equal({ practitionerId: 'prac-lee', room: 'room 7', noVideo: true, seen: false });

    await api.post('/api/simulator/appointments', APPOINTMENTS[0]);
    await host.runTodayCycle();
    expect(await practitioner(api, 'prac-lee')).to.deep.equal({ practitionerId: 'prac-lee', name: 'Dr Lee', room: 'room 7', noVideo: true, seen: true });
  });

  it('PATCH sets an id no poll has seen; the first pass honours it', async () => {
    const { host, api } = await start({});
    const created = await api.patch('/api/practitioners/prac-lee', { ignore: true });
    expect(created).to.deep.equal({ practitionerId: 'prac-lee', ignore: true, seen: false });

    for (const appointment of APPOINTMENTS) await api.post('/api/simulator/appointments', appointment);
    await host.runTodayCycle();
    expect(await sentTo(api, ALEX)).to.deep.equal([]);
    expect(await practitioner(api, 'prac-lee')).to.deep.equal({ practitionerId: 'prac-lee', name: 'Dr Lee', ignore: true, seen: true });
  });

  it('a change made in the app wins over the config, also after a restart', async () => {
    let { host, api } = await start({ 'prac-lee': { ignore: true, room: 'room 7' } });
    expect(await api.patch('/api/practitioners/prac-lee', { ignore: false, room: null })).to.deep.equal({
      practitionerId: 'prac-lee',
      ignore: false,
      seen: false,
    });
    await host.stop();

    ({ host, api } = await start({ 'prac-lee': { ignore: true, room: 'room 7', noVideo: true } }));
    // ignore and room were changed in the app; noVideo never was, so the config's value applies.
    expect(await practitioner(api, 'prac-lee')).to.deep.equal({ practitionerId: 'prac-lee', ignore: false, noVideo: true, seen: false });
    await api.post('/api/simulator/appointments', APPOINTMENTS[0]);
    await host.runTodayCycle();
    expect(await sentTo(api, ALEX)).to.have.length(1);
  });

  it('refuses a practitioner id of the wrong shape', async () => {
    const { host } = await start({});
    const response = await fetch(`${host.apiUrl}/api/practitioners/${encodeURIComponent('no spaces allowed')}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ignore: true }),
    });
    expect(response.status).to.equal(400);
    expect(await practitioner(new ApiClient(host.apiUrl), 'no spaces allowed')).to.equal(undefined);
  });

  it('the config refuses a bad id or an unknown setting, naming the key', async () => {
    const error = await simulatorConfig(folder.dir, { practitioners: { 'bad id': { ignore: true }, 'prac-lee': { igonre: true } } }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/practitioners/);
    expect(error?.message).to.contain('bad id');
    expect(error?.message).to.contain('igonre');
    expect(error?.message, 'only the lines that say what is wrong').to.not.contain('property name must be valid');
  });
});
