import { join } from 'node:path';
import { expect } from 'chai';
import type { Appointment } from '../core/contracts/appointment-source.js';
import { stepKey } from '../core/engine/facts.js';
import { prepareAppointments } from '../core/engine/prepare.js';
import type { RunningHost } from '../core/runtime/host.js';
import { openSqliteStore } from '../core/store/sqlite-store.js';
import { ManualClock } from '../core/testing/manual-clock.js';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from './e2e/simulator-host.js';

const ALEX = '+61412345678';
const KIM = '+61434567890';

const APPOINTMENTS: Appointment[] = [
  {
    id: 'appt-alex', start: '2026-11-23T10:00:00+11:00', status: 'booked', isVideo: false,
    patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
  {
    id: 'appt-kim', start: '2026-11-23T10:15:00+11:00', status: 'booked', isVideo: false,
    patient: { id: 'pat-kim', name: 'Kim Tran', firstName: 'Kim', mobile: '0434 567 890' },
    practitioner: { id: 'prac-lee', name: 'Dr Lee' },
  },
];

describe('restart on the same store file', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  const sentBy = async (h: RunningHost, to: string): Promise<string[]> => {
    const { items } = await new ApiClient(h.apiUrl).get<{ items: SentText[] }>('/api/simulator/sms/sent');
    return items.filter((m) => m.to === to).map((m) => m.body);
  };

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('keeps progress: the screening is not sent again and the YES still works', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    await new ApiClient(host.apiUrl).post('/api/simulator/appointments', APPOINTMENTS[0]);
    await host.runTodayCycle();
    expect(await sentBy(host, ALEX)).to.have.length(1);
    await host.stop();

    clock.advance(5 * 60_000);
    host = await startSimulatorHost(folder.dir, clock);
    await host.runTodayCycle();
    await host.runTodayCycle();
    expect(await sentBy(host, ALEX), 'nothing re-sent after the restart').to.deep.equal([]);

    await new ApiClient(host.apiUrl).post('/api/simulator/inbox', { from: ALEX, body: 'YES' });
    expect(await host.handleInboxOnce()).to.equal(1);
    const [answer] = await sentBy(host, ALEX);
    expect(answer).to.contain('will be a video consult');
    expect((await host.control.status()).unfinishedSends).to.equal(0);
  });

  it('reports a send cut off by a crash and never repeats it', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    const api = new ApiClient(host.apiUrl);
    for (const appointment of APPOINTMENTS) await api.post('/api/simulator/appointments', appointment);
    await host.stop();
    host = undefined;

    // The host died between recording Kim's screening and hearing back from the provider.
    const [, kim] = prepareAppointments(APPOINTMENTS, 'AU');
    const store = await openSqliteStore(join(folder.dir, 'store.sqlite'));
    await store.beginSend({ key: stepKey(kim!, 'screening'), appointmentId: 'appt-kim', to: KIM, template: 'ConsiderTeleHealth', body: '…' }, clock.now());
    await store.close();

    host = await startSimulatorHost(folder.dir, clock);
    expect((await host.control.status()).unfinishedSends).to.equal(1);
    await host.runTodayCycle();
    expect(await sentBy(host, KIM)).to.deep.equal([]);
    expect(await sentBy(host, ALEX)).to.have.length(1);
    const sent = await host.control.listSent();
    expect(sent.find((e) => e.appointmentId === 'appt-kim')?.status).to.equal('unknown');
  });
});
