import { expect } from 'chai';
import type { RunningHost } from '../../core/runtime/host.js';
import { ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { waitFor } from '@clinic-arrivals/plugin-kit/testing';
import { ApiClient, startSimulatorHost, tmpFolder } from '../e2e/simulator-host.js';
import { openEventStream, type TestStream } from './sse-client.js';
import { simulatorsOf } from '../simulator-services.js';

const ALEX_MOBILE = '0412 345 678';
const ALEX = {
  id: 'appt-alex',
  start: '2026-11-23T10:00:00+11:00',
  end: '2026-11-23T10:15:00+11:00',
  patient: { id: 'pat-alex', name: 'Alex Citizen', firstName: 'Alex', mobile: ALEX_MOBILE },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};

describe('live events (GET /api/events) on a simulator host', function () {
  this.timeout(20_000);
  let folder: ReturnType<typeof tmpFolder>;
  let host: RunningHost;
  let api: ApiClient;
  let stream: TestStream | undefined;

  beforeEach(async () => {
    folder = tmpFolder();
    host = await startSimulatorHost(folder.dir, new ManualClock('2026-11-23T08:00:00+11:00'));
    api = new ApiClient(host.apiUrl);
  });

  afterEach(async () => {
    stream?.close();
    stream = undefined;
    await host.stop();
    folder.remove();
  });

  it('opens as an event stream with a retry hint', async () => {
    stream = await openEventStream(host.apiUrl);
    expect(stream.status).to.equal(200);
    expect(stream.headers.get('content-type')).to.match(/^text\/event-stream/);
    expect(stream.headers.get('cache-control')).to.equal('no-store');
    await waitFor(() => stream!.retryMs !== undefined, { what: 'the retry hint' });
    expect(stream.retryMs).to.equal(2_000);
  });

  it('announces an incoming text (messages) and the appointment it matched, with ids only', async () => {
    await api.post('/api/simulator/appointments', ALEX);
    await host.runTodayCycle();
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });

    const { id } = await api.post<{ id: string }>('/api/simulator/inbox', { from: ALEX_MOBILE, body: 'no' });
    expect(await host.handleInboxOnce()).to.equal(1);

    const message = await stream.waitFor((e) => e.data.topic === 'messages' && e.data.id === id, 'messages');
    expect(message.event).to.equal('change');
    await stream.waitFor((e) => e.data.topic === 'appointments' && e.data.id === 'appt-alex', 'appointments');
    await stream.waitFor((e) => e.data.topic === 'sends', 'sends (the reply to the patient)');
    const ids = stream.events.map((e) => Number(e.id));
    expect(ids, 'id: counts up').to.deep.equal([...ids].sort((a, b) => a - b));
    const wire = JSON.stringify(stream.events);
    expect(wire).not.to.match(/412\s?345\s?678|Alex|Citizen/);
    for (const event of stream.events) expect(Object.keys(event.data)).to.satisfy((keys: string[]) => keys.every((k) => k === 'topic' || k === 'id'));
  });

  it('announces an appointment added in the PMS once a cycle has read it', async () => {
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    await api.post('/api/simulator/appointments', ALEX);
    await host.runTodayCycle();
    await stream.waitFor((e) => e.data.topic === 'appointments' && e.data.id === 'appt-alex', 'appointments');
    // The screening text went out in the same cycle.
    await stream.waitFor((e) => e.data.topic === 'sends', 'sends');
  });

  it('announces a PMS status change seen on a poll', async () => {
    await api.post('/api/simulator/appointments', ALEX);
    await host.runTodayCycle();
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    await host.runTodayCycle();
    expect(
      stream.events.filter((e) => e.data.topic === 'appointments'),
      'an unchanged poll says nothing',
    ).to.deep.equal([]);
    await api.patch('/api/simulator/appointments/appt-alex', { status: 'cancelled' });
    await host.runTodayCycle();
    await stream.waitFor((e) => e.data.topic === 'appointments' && e.data.id === 'appt-alex', 'appointments');
  });

  it('announces practitioner and template changes made through the API', async () => {
    await api.post('/api/simulator/appointments', ALEX);
    await host.runTodayCycle();
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    await api.patch('/api/practitioners/prac-lee', { room: 'room 7' });
    await stream.waitFor((e) => e.data.topic === 'practitioners' && e.data.id === 'prac-lee', 'practitioners');
    const response = await fetch(`${host.apiUrl}/api/templates/Help`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Call us on {{ clinic.phone }}.' }),
    });
    expect(response.status, await response.text()).to.equal(200);
    await stream.waitFor((e) => e.data.topic === 'templates' && e.data.id === 'Help', 'templates');
  });

  it('announces texting marked down (credentials rejected) on the status topic', async () => {
    await api.post('/api/simulator/appointments', ALEX);
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    simulatorsOf(host).sms.failNext('auth');
    await host.runTodayCycle();
    await stream.waitFor((e) => e.data.topic === 'status', 'status');
    const status = await api.get<{ plugins: Array<{ role: string; health: { status: string } }> }>('/api/status');
    expect(status.plugins.find((p) => p.role === 'sms')?.health.status).to.equal('down');
  });

  it('drops a client that disconnects', async () => {
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    stream.close();
    await waitFor(() => host.control.events!.subscriberCount === 0, { what: 'the server to drop the closed stream' });
  });

  it('stops the host with a stream still open, ending the stream', async () => {
    stream = await openEventStream(host.apiUrl);
    await waitFor(() => host.control.events!.subscriberCount === 1, { what: 'the stream to subscribe' });
    await host.stop();
    await stream.ended;
    expect(host.control.events!.subscriberCount).to.equal(0);
  });
});
