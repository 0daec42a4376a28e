import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder, type SentText } from '../e2e/simulator-host.js';

const ALEX = '+61412345678';
const TODAY = {
  id: 'appt-alex',
  start: '2026-11-23T11:30:00+11:00',
  end: '2026-11-23T11:45:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

interface TodayRow {
  appointment: { id: string };
  attention?: string;
  stateText: string;
  lastText?: { deliveryStatus?: string; deliveryErrorCode?: string };
}

describe('simulator: a delivery status for a sent text, through the local API', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let api: ApiClient;

  beforeEach(async () => {
    folder = tmpFolder();
    host = await startSimulatorHost(folder.dir, new ManualClock('2026-11-23T09:00:00+11:00'));
    api = new ApiClient(host.apiUrl);
  });
  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  const alexRow = async () => (await api.get<{ items: TodayRow[] }>('/api/appointments/today')).items.find((r) => r.appointment.id === 'appt-alex');

  it('POST /api/simulator/sms/status undelivered flags the text in Today and in the sent list; a late `sent` changes nothing', async () => {
    await api.post('/api/simulator/appointments', TODAY);
    await host.runTodayCycle();
    const [text] = (await api.get<{ items: SentText[] }>('/api/simulator/sms/sent')).items.filter((m) => m.to === ALEX);
    expect(text, 'the screening text').to.not.equal(undefined);
    expect((await alexRow())?.attention).to.equal(undefined);

    expect(await api.post('/api/simulator/sms/status', { providerId: text!.providerId, status: 'undelivered', errorCode: '30003' })).to.deep.equal({
      id: `${text!.providerId}:undelivered`,
    });
    await api.post('/api/simulator/sms/status', { providerId: text!.providerId, status: 'sent' });

    const row = await alexRow();
    expect(row?.attention).to.equal('undelivered');
    expect(row?.lastText).to.include({ deliveryStatus: 'undelivered', deliveryErrorCode: '30003' });
    expect(row?.stateText).to.equal('text not delivered: the phone did not receive it');
    const sent = (await api.get<{ items: Array<{ providerId?: string; deliveryStatus?: string }> }>('/api/messages/sent')).items;
    expect(sent.find((e) => e.providerId === text!.providerId)).to.include({ deliveryStatus: 'undelivered' });
  });

  it('a report for a provider id the host never sent is accepted and changes nothing', async () => {
    await api.post('/api/simulator/sms/status', { providerId: 'SMsim-not-ours', status: 'delivered' });
    expect((await api.get<{ items: Array<{ deliveryStatus?: string }> }>('/api/messages/sent')).items.filter((e) => e.deliveryStatus)).to.deep.equal([]);
  });
});
