import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startMorningHost, type MorningHost } from './simulator-host.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX = '+61412345678';
const SAM = '+61423456789';

/** Two appointments with Dr Lee this morning (clinic time, Melbourne summer). */

describe('end to end on the simulators, over HTTP', function () {
  this.timeout(20_000);
  let clock: ManualClock;
  let host: RunningHost;
  let api: ApiClient;

  const sent = (to?: string) => morning.sent(to);
  const lastTo = (to: string) => morning.lastTo(to);
  const reply = (from: string, body: string) => morning.reply(from, body);
  const statusOf = (id: string) => morning.statusOf(id);

  let morning: MorningHost;

  beforeEach(async () => {
    morning = await startMorningHost();
    ({ clock, host, api } = morning);
  });

  afterEach(() => morning.stop());

  it('screening → YES → video invite with the link → JOINED → arrived in the PMS', async () => {
    await host.runTodayCycle();
    expect(await lastTo(ALEX)).to.contain('reply YES for a video consult');

    await reply('0412 345 678', 'Yes');
    expect(await lastTo(ALEX)).to.match(/^Thanks\. Your appointment with Dr Lee will be a video consult/);

    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    const invite = await lastTo(ALEX);
    expect(invite).to.contain('Your video consult with Dr Lee is ready to join');
    const { items: rooms } = await api.get<{ items: Array<{ roomId: string }> }>('/api/simulator/video/rooms');
    expect(rooms).to.have.length(1);
    expect(invite).to.contain(`https://video.test.example/join/${rooms[0]!.roomId}`);

    await reply(ALEX, 'JOINED');
    expect(await lastTo(ALEX)).to.contain('Dr Lee will be with you soon');
    expect(await statusOf('appt-alex')).to.equal('arrived');

    // Nothing is sent twice however often the loop runs.
    const count = (await sent(ALEX)).length;
    await host.runTodayCycle();
    await host.runTodayCycle();
    expect(await sent(ALEX)).to.have.length(count);
  });

  it('NO → come in → ARRIVED → arrived; reception starts the consult → DoctorReady with the room', async () => {
    await host.runTodayCycle();
    await reply(SAM, 'no');
    expect(await lastTo(SAM)).to.contain('Please come in for your 10:30 am appointment');

    clock.set('2026-11-23T10:20:00+11:00');
    await reply(SAM, 'arrived');
    expect(await lastTo(SAM)).to.contain('Thanks, Sam. We will text you when Dr Lee is ready for you.');
    expect(await statusOf('appt-sam')).to.equal('arrived');

    const { items: practitioners } = await api.get<{ items: Array<{ practitionerId: string; name: string }> }>('/api/practitioners');
    expect(practitioners).to.deep.include({ practitionerId: 'prac-lee', name: 'Dr Lee', seen: true });
    await api.patch('/api/practitioners/prac-lee', { room: 'room 7' });

    clock.set('2026-11-23T10:31:00+11:00');
    await api.patch('/api/simulator/appointments/appt-sam', { status: 'fulfilled' });
    await host.runTodayCycle();
    expect(await lastTo(SAM)).to.equal('Dr Lee is ready for you now. Please come to room 7.');
  });

  it('arrives a video patient the provider sees join, without a text from them', async () => {
    await host.runTodayCycle();
    await reply(ALEX, 'YES');
    clock.set('2026-11-23T09:51:00+11:00');
    await host.runTodayCycle();
    const { items: rooms } = await api.get<{ items: Array<{ roomId: string }> }>('/api/simulator/video/rooms');
    await api.post(`/api/simulator/video/${rooms[0]!.roomId}/join`, {});

    clock.set('2026-11-23T09:58:00+11:00');
    await host.runTodayCycle();
    expect(await statusOf('appt-alex')).to.equal('arrived');
    const [view] = (
      await api.get<{ items: Array<{ appointment: { id: string }; state: string; progress?: { arrivedBy?: string } }> }>('/api/appointments/today')
    ).items.filter((v) => v.appointment.id === 'appt-alex');
    expect(view!.progress?.arrivedBy).to.equal('video-join');
  });

  it('answers a reply later when the SMS provider was down, without handling it twice', async () => {
    await host.runTodayCycle();
    simulatorsOf(host).sms.failNext('unavailable');
    await reply(ALEX, 'YES');
    expect(await lastTo(ALEX)).to.contain('reply YES for a video consult');

    await host.runTodayCycle();
    expect(await sent(ALEX), 'not before the retry time').to.have.length(1);

    clock.advance(60_000);
    await host.runTodayCycle();
    const texts = await sent(ALEX);
    expect(texts.map((t) => t.body).filter((b) => b.includes('will be a video consult'))).to.have.length(1);
    const { items } = await api.get<{ items: unknown[] }>('/api/messages/unprocessed');
    expect(items).to.deep.equal([]);
    const { items: today } = await api.get<{ items: Array<{ appointment: { id: string }; progress?: { screening?: string } }> }>('/api/appointments/today');
    expect(today.find((v) => v.appointment.id === 'appt-alex')?.progress?.screening).to.equal('video');
  });

  it('answers an unknown number with UnknownPhone and keeps the message for a person', async () => {
    await reply('0499 999 999', 'hello?');
    const [text] = await sent('+61499999999');
    expect(text?.body).to.contain('could not find an appointment for this number');
    const { items } = await api.get<{ items: Array<{ from: string; reason?: string }> }>('/api/messages/unprocessed');
    expect(items.map((m) => m.reason)).to.deep.equal(['unknown-phone']);
  });

  it('hands a reply to a person when its answer cannot be sent', async () => {
    simulatorsOf(host).sms.failNext('invalid-number');
    await reply('0499 999 999', 'hello?');
    const { items } = await api.get<{ items: Array<{ reason?: string }> }>('/api/messages/unprocessed');
    expect(items.map((m) => m.reason)).to.deep.equal(['unknown-phone']);
    const status = await api.get<{ recentErrors: Array<{ error: string }> }>('/api/status');
    expect(status.recentErrors[0]!.error).to.contain('CA_ERR_INVALID_NUMBER');
    expect(JSON.stringify(status)).to.not.contain('499999999');
  });

  it('puts a reply it cannot understand in the unprocessed list, and asks again', async () => {
    await host.runTodayCycle();
    await reply(ALEX, 'what is this about?');
    expect(await lastTo(ALEX)).to.contain('Please reply YES for a video consult or NO to come in');
    const { items } = await api.get<{ items: Array<{ id: string; body: string; reason?: string; appointmentId?: string }> }>('/api/messages/unprocessed');
    expect(items).to.have.length(1);
    expect(items[0]).to.include({ body: 'what is this about?', reason: 'dont-understand' });

    // Still waiting for the answer: a YES now works.
    await reply(ALEX, 'y');
    expect(await lastTo(ALEX)).to.contain('will be a video consult');
  });

  it('reports the day on the status page', async () => {
    await host.runTodayCycle();
    await reply(ALEX, 'YES');
    const status = await api.get<{
      workflowCounts: Record<string, number>;
      messagesToday: { sent: number; received: number };
      loops: Record<string, { runs: number }>;
      plugins: Array<{ role: string; health: { status: string } }>;
    }>('/api/status');
    expect(status.messagesToday).to.include({ sent: 3, received: 1 });
    expect(status.loops.today?.runs).to.equal(1);
    expect(Object.values(status.workflowCounts).reduce((a, b) => a + b, 0)).to.equal(2);
    expect(status.plugins.map((p) => `${p.role}:${p.health.status}`)).to.deep.equal(['pms:ok', 'sms:ok', 'inbox:ok', 'video:ok']);
  });
});
