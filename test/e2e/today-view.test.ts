import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder } from './simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX = {
  id: 'appt-alex',
  start: '2026-11-23T10:00:00+11:00',
  end: '2026-11-23T10:15:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};
const SAM = {
  id: 'appt-sam',
  start: '2026-11-23T10:30:00+11:00',
  end: '2026-11-23T10:45:00+11:00',
  patient: { id: 'pat-sam', name: 'Sam Jones', mobile: '0423 456 789' },
  practitioner: { id: 'prac-kim', name: 'Dr Kim' },
};

/** Every way the two numbers could leak: as typed, digits only, E.164. */
const FULL_NUMBERS = /0412\s?345\s?678|412345678|0423\s?456\s?789|423456789/;

describe('GET /api/appointments/today on a simulator host (Melbourne clinic time)', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  const today = async () => {
    const response = await fetch(`${host.apiUrl}/api/appointments/today`);
    const text = await response.text();
    expect(response.status, text).to.equal(200);
    expect(text, 'no full phone number anywhere in the response').not.to.match(FULL_NUMBERS);
    const { items } = JSON.parse(text) as { items: Array<Record<string, any>> };
    return new Map(items.map((item) => [item.appointment.id as string, item]));
  };

  beforeEach(async () => {
    folder = tmpFolder();
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    host = await startSimulatorHost(folder.dir, clock);
    api = new ApiClient(host.apiUrl);
  });

  afterEach(async () => {
    await host.stop();
    folder.remove();
  });

  it('shows clinic times, first name, masked number, state in words, last text, next step and failures', async () => {
    await api.post('/api/simulator/appointments', ALEX);
    let rows = await today();
    expect(rows.get('appt-alex')).to.deep.include({
      startLocal: '10:00',
      patientFirstName: 'Alex',
      phoneMasked: '\u2022\u2022\u2022678',
      practitioner: { id: 'prac-lee', name: 'Dr Lee' },
      pmsStatus: 'booked',
      isVideo: false,
      state: 'awaiting-screening',
      stateText: 'not texted yet today',
      // 180 minutes before 10:00 Melbourne (UTC+11).
      nextStep: { step: 'screening', template: 'ConsiderTeleHealth', at: '2026-11-22T20:00:00.000Z' },
    });
    expect(rows.get('appt-alex')).not.to.have.property('lastText');
    expect(rows.get('appt-alex')!.appointment.patient).to.deep.equal({ id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex' });

    clock.set('2026-11-23T08:12:00+11:00');
    await host.runTodayCycle();
    await api.post('/api/simulator/appointments', SAM);
    simulatorsOf(host).sms.failNext('invalid-number');
    await host.runTodayCycle();

    rows = await today();
    const alex = rows.get('appt-alex')!;
    expect(alex.state).to.equal('awaiting-screening-reply');
    expect(alex.stateText).to.equal('asked about video 08:12, no answer yet');
    expect(alex.lastText).to.deep.equal({ template: 'ConsiderTeleHealth', at: '2026-11-22T21:12:00.000Z', status: 'sent' });
    expect(alex).not.to.have.property('nextStep');
    expect(alex).not.to.have.property('attention');

    const sam = rows.get('appt-sam')!;
    expect(sam).to.deep.include({
      patientFirstName: 'Sam',
      phoneMasked: '\u2022\u2022\u2022789',
      startLocal: '10:30',
      practitioner: { id: 'prac-kim', name: 'Dr Kim' },
    });
    expect(sam.attention).to.equal('failed');
    expect(sam.stateText).to.equal('text failed: number invalid');
    expect(sam.lastText).to.include({ template: 'ConsiderTeleHealth', status: 'failed' });

    clock.set('2026-11-23T08:20:00+11:00');
    await api.post('/api/simulator/inbox', { from: ALEX.patient.mobile, body: 'yes' });
    expect(await host.handleInboxOnce()).to.equal(1);
    rows = await today();
    expect(rows.get('appt-alex')).to.deep.include({
      isVideo: true,
      state: 'video-pending-invite',
      stateText: 'video consult, link not sent yet',
      // videoInviteMinutes (10) before 10:00 Melbourne.
      nextStep: { step: 'video-invite', template: 'VideoInvite', at: '2026-11-22T22:50:00.000Z' },
    });
    expect(rows.get('appt-alex')!.lastText.template).to.equal('ScreeningYesToVideo');
  });
});
