import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX: Appointment = {
  id: 'appt-alex',
  start: '2026-11-23T10:00:00+11:00',
  status: 'booked',
  isVideo: false,
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

interface StatusPage {
  recentErrors: Array<{ at: string; where: string; error: string; count: number; firstAt: string }>;
  optOuts: number;
}

describe('status page after a restart on the same store file', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost | undefined;

  beforeEach(() => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
  });

  afterEach(async () => {
    await host?.stop();
    host = undefined;
    folder.remove();
  });

  it('still lists the recent errors, a repeated one counted once', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    let api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', ALEX);
    simulatorsOf(host).sms.failNext('unavailable');
    await host.runTodayCycle();
    clock.advance(60_000);
    simulatorsOf(host).sms.failNext('unavailable');
    await host.runTodayCycle();
    const before = (await api.get<StatusPage>('/api/status')).recentErrors;
    expect(before, JSON.stringify(before)).to.have.length.greaterThan(0);
    expect(before[0]!.count).to.equal(2);
    await host.stop();

    clock.advance(60_000);
    host = await startSimulatorHost(folder.dir, clock);
    api = new ApiClient(host.apiUrl);
    const after = (await api.get<StatusPage>('/api/status')).recentErrors;
    expect(after).to.deep.equal(before);
    expect(JSON.stringify(after)).to.not.contain('412345678');
  });

  it('counts opt-outs and lists them masked with their time, also after a restart', async () => {
    host = await startSimulatorHost(folder.dir, clock);
    let api = new ApiClient(host.apiUrl);
    await api.post('/api/simulator/appointments', ALEX);
    await api.post('/api/simulator/inbox', { from: '+61412345678', body: 'STOP' });
    await host.handleInboxOnce();
    expect((await api.get<StatusPage>('/api/status')).optOuts).to.equal(1);
    await host.stop();

    host = await startSimulatorHost(folder.dir, clock);
    api = new ApiClient(host.apiUrl);
    expect((await api.get<StatusPage>('/api/status')).optOuts).to.equal(1);
    const listed = await api.get<{ items: unknown[] }>('/api/opt-outs');
    expect(listed).to.deep.equal({ items: [{ phoneMasked: '•••678', at: '2026-11-22T21:00:00.000Z' }] });
  });
});
