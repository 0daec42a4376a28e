import { expect } from 'chai';
import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';
import { createSimulatorPlugins } from './test-support/simulator-plugins.js';

const T0 = Date.parse('2026-11-22T22:00:00.000Z');

const appointment: Appointment = {
  id: 'appt-1',
  start: '2026-11-23T09:30:00+11:00',
  status: 'booked',
  patient: { id: 'pat-1', name: 'Alex Citizen', mobile: '0412 345 678' },
  practitioner: { id: 'prac-1', name: 'Dr Lee' },
  isVideo: false,
};

function seeded(): FakeHostControl {
  const control = new FakeHostControl();
  control.appointments = [
    {
      appointment,
      state: 'invited',
      startLocal: '09:30',
      stateText: 'video link sent 09:01',
      progress: {
        appointmentId: 'appt-1',
        screening: 'video',
        screeningSentAt: T0,
        videoInviteSentAt: T0 + 60_000,
        room: { roomId: 'r1', patientLink: 'https://v/p', practitionerLink: 'https://v/d', providerData: { secret: 'x' } },
      },
    },
    { appointment: { ...appointment, id: 'appt-2' }, state: 'scheduled', startLocal: '09:30', stateText: 'no texts yet' },
  ];
  control.incoming = [
    { id: 'in-1', from: '+61412345678', body: 'maybe', receivedAt: T0, state: 'unprocessed', reason: 'dont-understand' },
    { id: 'in-2', from: '+61412345678', body: 'YES', receivedAt: T0, state: 'handled' },
  ];
  control.outbox = [1, 2, 3].map((n) => ({
    id: n,
    key: `appt-1:step-${n}`,
    appointmentId: 'appt-1',
    to: '+61412345678',
    template: 'screening',
    body: 'hi',
    status: 'sent' as const,
    attempts: 1,
    createdAt: T0 + n * 1000,
    updatedAt: T0 + n * 1000 + 500,
  }));
  control.practitioners.set('prac-1', { practitionerId: 'prac-1', name: 'Dr Lee', room: 'room 7' });
  control.templates.set('doctorReady', {
    defaultText: 'Hi {{ firstName }}, please come to {{ room }}.',
    text: 'Hi {{ firstName }}, please come to {{ room }}.',
    source: 'default',
    variables: ['firstName', 'room'],
  });
  return control;
}

describe('local API routes', () => {
  const control = seeded();
  let api: TestApi;

  // One server for the file; the control is re-seeded in place before each test.
  before(async () => {
    // With the simulators' routes, as a demo host mounts them: the index lists plugin routes too.
    api = await startTestApi(control, { pluginRoutes: createSimulatorPlugins().routeSets });
  });
  beforeEach(() => {
    Object.assign(control, seeded());
  });
  after(() => api.close());

  describe('GET /api and /api/health', () => {
    it('lists every route as plain text', async () => {
      const reply = await api.call('GET', '/api');
      expect(reply.status).to.equal(200);
      expect(reply.headers.get('content-type')).to.match(/^text\/plain/);
      expect(reply.body).to.include('GET    /api/health');
      expect(reply.body).to.include('POST   /api/templates/:name/preview');
      expect(reply.body).to.include('PATCH  /api/simulator/appointments/:id');
      expect(reply.body).not.to.include('HEAD');
    });

    it('answers the health check', async () => {
      const reply = await api.call('GET', '/api/health');
      expect(reply).to.include({ status: 200 });
      expect(reply.body).to.deep.equal({ ok: true });
    });

    it('answers unknown routes with a JSON 404', async () => {
      const reply = await api.call('GET', '/api/nope?x=1');
      expect(reply.status).to.equal(404);
      expect(reply.body).to.deep.equal({ error: 'no route GET /api/nope' });
    });

    it('marks replies as not cacheable', async () => {
      const reply = await api.call('GET', '/api/status');
      expect(reply.headers.get('cache-control')).to.equal('no-store');
    });
  });

  it('GET /api/status returns the host status', async () => {
    const reply = await api.call('GET', '/api/status');
    expect(reply.status).to.equal(200);
    expect(reply.body.clinic).to.deep.equal({ name: 'Test Clinic', timeZone: 'Australia/Melbourne' });
    expect(reply.body.messagesToday.sent).to.equal(3);
  });

  it('GET /api/opt-outs lists masked numbers with ISO times, and nothing else', async () => {
    const leaked = { phoneMasked: '•••678', at: Date.parse('2026-11-22T21:00:00Z'), phone: '+61412345678' };
    control.optOuts = [leaked];
    const reply = await api.call('GET', '/api/opt-outs');
    expect(reply.status).to.equal(200);
    expect(reply.body).to.deep.equal({ items: [{ phoneMasked: '•••678', at: '2026-11-22T21:00:00.000Z' }] });
    expect((await api.call('GET', '/api/status')).body.optOuts).to.equal(1);
  });

  it('GET /api/appointments/today returns views with ISO times and no provider data', async () => {
    const reply = await api.call('GET', '/api/appointments/today');
    expect(reply.status).to.equal(200);
    expect(reply.body.items).to.have.length(2);
    const [first, second] = reply.body.items;
    expect(first.state).to.equal('invited');
    expect(first.appointment.id).to.equal('appt-1');
    expect(first.progress.screeningSentAt).to.equal('2026-11-22T22:00:00.000Z');
    expect(first.progress.videoInviteSentAt).to.equal('2026-11-22T22:01:00.000Z');
    expect(first.progress.room).to.deep.equal({ roomId: 'r1', patientLink: 'https://v/p', practitionerLink: 'https://v/d' });
    expect(second).not.to.have.property('progress');
  });

  it('GET /api/appointments/today shows the number masked and never in full', async () => {
    const reply = await api.call('GET', '/api/appointments/today');
    const [first] = reply.body.items;
    expect(first).to.deep.include({
      startLocal: '09:30',
      stateText: 'video link sent 09:01',
      patientFirstName: 'Alex',
      phoneMasked: '\u2022\u2022\u2022678',
      practitioner: { id: 'prac-1', name: 'Dr Lee' },
      pmsStatus: 'booked',
      isVideo: true,
    });
    expect(first.appointment.patient).to.deep.equal({ id: 'pat-1', name: 'Alex Citizen' });
    expect(JSON.stringify(reply.body)).not.to.match(/412\s?345\s?678/);
  });

  describe('messages', () => {
    it('GET /api/messages/unprocessed lists only unprocessed replies, with ISO times', async () => {
      const reply = await api.call('GET', '/api/messages/unprocessed');
      expect(reply.status).to.equal(200);
      expect(reply.body.items).to.deep.equal([
        { id: 'in-1', from: '+61412345678', body: 'maybe', receivedAt: '2026-11-22T22:00:00.000Z', state: 'unprocessed', reason: 'dont-understand' },
      ]);
    });

    it('POST /api/messages/unprocessed/:id/dismiss dismisses, then 404s', async () => {
      const first = await api.call('POST', '/api/messages/unprocessed/in-1/dismiss');
      expect(first.status).to.equal(200);
      expect(first.body).to.deep.equal({ ok: true });
      expect(control.incoming[0]!.state).to.equal('dismissed');
      const again = await api.call('POST', '/api/messages/unprocessed/in-1/dismiss');
      expect(again.status).to.equal(404);
      expect(again.body).to.deep.equal({ error: 'no unprocessed message in-1', code: 'CA_ERR_NOT_FOUND' });
    });

    it('accepts a dismiss sent with a JSON content type and an empty body', async () => {
      const reply = await api.call('POST', '/api/messages/unprocessed/in-1/dismiss', { headers: { 'content-type': 'application/json' }, rawBody: '' });
      expect(reply.status).to.equal(200);
    });

    it('GET /api/messages/sent returns ISO times and applies a default limit', async () => {
      const reply = await api.call('GET', '/api/messages/sent');
      expect(reply.status).to.equal(200);
      expect(reply.body.items).to.have.length(3);
      expect(reply.body.items[0]).to.include({ id: 1, createdAt: '2026-11-22T22:00:01.000Z', updatedAt: '2026-11-22T22:00:01.500Z' });
      expect(control.lastSentFilter).to.deep.equal({ since: undefined, limit: 100 });
    });

    it('GET /api/messages/sent passes since (ISO with offset or epoch ms) and limit', async () => {
      const iso = await api.call('GET', `/api/messages/sent?since=${encodeURIComponent('2026-11-23T09:00:02+11:00')}&limit=1`);
      expect(iso.status).to.equal(200);
      expect(control.lastSentFilter).to.deep.equal({ since: T0 + 2000, limit: 1 });
      expect(iso.body.items.map((item: { id: number }) => item.id)).to.deep.equal([2]);
      const unencodedPlus = await api.call('GET', '/api/messages/sent?since=2026-11-23T09:00:02+11:00');
      expect(unencodedPlus.status).to.equal(200);
      expect(control.lastSentFilter?.since).to.equal(T0 + 2000);
      const epoch = await api.call('GET', `/api/messages/sent?since=${T0 + 3000}`);
      expect(epoch.body.items.map((item: { id: number }) => item.id)).to.deep.equal([3]);
    });

    for (const [query, expected] of [
      ['since=yesterday', /querystring\.since: must be an ISO 8601 time/],
      ['since=2026-11-23T09:00:00', /querystring\.since: must be an ISO 8601 time/],
      ['limit=0', /querystring\.limit: must be >= 1/],
      ['limit=ten', /querystring\.limit: must be integer/],
      ['page=2', /querystring: unknown property "page"/],
    ] as const) {
      it(`GET /api/messages/sent?${query} → 400`, async () => {
        const reply = await api.call('GET', `/api/messages/sent?${query}`);
        expect(reply.status).to.equal(400);
        expect(reply.body.code).to.equal('CA_ERR_VALIDATION');
        expect(reply.body.error).to.match(expected);
      });
    }
  });

  describe('practitioners', () => {
    it('GET /api/practitioners lists settings', async () => {
      const reply = await api.call('GET', '/api/practitioners');
      expect(reply.body).to.deep.equal({ items: [{ practitionerId: 'prac-1', name: 'Dr Lee', room: 'room 7', seen: true }] });
    });

    it('GET /api/practitioners lists configured ones no poll has seen, unseen', async () => {
      control.configuredPractitioners = { 'prac-2': { ignore: true } };
      const reply = await api.call('GET', '/api/practitioners');
      expect(reply.body.items).to.deep.include({ practitionerId: 'prac-2', ignore: true, seen: false });
    });

    it('PATCH /api/practitioners/:id changes flags and the room', async () => {
      const reply = await api.call('PATCH', '/api/practitioners/prac-1', { json: { room: 'room 9', noVideo: true } });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ practitionerId: 'prac-1', name: 'Dr Lee', room: 'room 9', noVideo: true, seen: true });
    });

    it('PATCH with room null clears the room', async () => {
      const reply = await api.call('PATCH', '/api/practitioners/prac-1', { json: { room: null } });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ practitionerId: 'prac-1', name: 'Dr Lee', seen: true });
    });

    it('PATCH a practitioner no poll has seen creates it', async () => {
      const reply = await api.call('PATCH', '/api/practitioners/prac-new.7', { json: { ignore: true } });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ practitionerId: 'prac-new.7', ignore: true, seen: false });
    });

    for (const id of ['has space', '-leading-dash', 'x'.repeat(65), 'é']) {
      it(`PATCH with the id ${JSON.stringify(id.slice(0, 12))} → 400, nothing stored`, async () => {
        const reply = await api.call('PATCH', `/api/practitioners/${encodeURIComponent(id)}`, { json: { ignore: true } });
        expect(reply.status).to.equal(400);
        expect(reply.body.error).to.match(/^params\.id: /);
        expect([...control.practitioners.keys()]).to.deep.equal(['prac-1']);
      });
    }

    for (const [body, expected] of [
      [{ colour: 'red' }, 'body: unknown property "colour"'],
      [{ ignore: 'yes' }, 'body.ignore: must be boolean'],
      [{}, 'body: must set at least one property'],
      [[1], 'body: must be object'],
    ] as const) {
      it(`PATCH with ${JSON.stringify(body)} → 400 "${expected}"`, async () => {
        const reply = await api.call('PATCH', '/api/practitioners/prac-1', { json: body });
        expect(reply.status).to.equal(400);
        expect(reply.body).to.deep.equal({ error: expected, code: 'CA_ERR_VALIDATION' });
        expect(control.practitioners.get('prac-1')?.room).to.equal('room 7');
      });
    }

    it('PATCH without a body → 400', async () => {
      const reply = await api.call('PATCH', '/api/practitioners/prac-1');
      expect(reply.status).to.equal(400);
      expect(reply.body.error).to.equal('body: must be object');
    });
  });

  describe('templates', () => {
    it('GET /api/templates lists templates', async () => {
      const reply = await api.call('GET', '/api/templates');
      expect(reply.body.items).to.deep.equal([
        {
          name: 'doctorReady',
          text: 'Hi {{ firstName }}, please come to {{ room }}.',
          source: 'default',
          variables: ['firstName', 'room'],
          default: 'Hi {{ firstName }}, please come to {{ room }}.',
          encoding: 'GSM-7',
          characters: 46,
          segments: 1,
        },
      ]);
    });

    it('PUT /api/templates/:name edits; DELETE restores the default', async () => {
      const put = await api.call('PUT', '/api/templates/doctorReady', { json: { text: '{{ firstName }}: {{ room }} now' } });
      expect(put.status).to.equal(200);
      expect(put.body).to.include({ name: 'doctorReady', text: '{{ firstName }}: {{ room }} now', source: 'edited' });
      const restored = await api.call('DELETE', '/api/templates/doctorReady');
      expect(restored.status).to.equal(200);
      expect(restored.body).to.include({ text: 'Hi {{ firstName }}, please come to {{ room }}.', source: 'default' });
    });

    it('PUT with a bad template → 422 naming the template', async () => {
      const reply = await api.call('PUT', '/api/templates/doctorReady', { json: { text: 'Hi {{ nickname }}' } });
      expect(reply.status).to.equal(422);
      expect(reply.body).to.deep.equal({
        error: 'template "doctorReady": unknown variable "nickname"',
        code: 'CA_ERR_TEMPLATE',
        problems: [{ problem: 'template "doctorReady": unknown variable "nickname"' }],
      });
      expect(control.templates.get('doctorReady')?.source).to.equal('default');
    });

    it('PUT with a wrong body → 400', async () => {
      const missing = await api.call('PUT', '/api/templates/doctorReady', { json: { body: 'x' } });
      expect(missing.status).to.equal(400);
      expect(missing.body.error).to.equal('body: missing required property "text"; body: unknown property "body"');
      const empty = await api.call('PUT', '/api/templates/doctorReady', { json: { text: '' } });
      expect(empty.status).to.equal(400);
    });

    it('unknown template names → 404 on PUT, DELETE and preview', async () => {
      for (const [method, path, json] of [
        ['PUT', '/api/templates/nope', { text: 'x' }],
        ['DELETE', '/api/templates/nope', undefined],
        ['POST', '/api/templates/nope/preview', {}],
      ] as const) {
        const reply = await api.call(method, path, { json });
        expect(reply.status, `${method} ${path}`).to.equal(404);
        expect(reply.body).to.deep.equal({ error: 'no template named "nope"', code: 'CA_ERR_NOT_FOUND' });
      }
    });

    it('rejects template names that cannot be names → 400', async () => {
      const reply = await api.call('PUT', '/api/templates/..%2Fetc', { json: { text: 'x' } });
      expect(reply.status).to.equal(400);
      expect(reply.body.error).to.match(/^params\.name: must match pattern/);
    });

    it('POST /api/templates/:name/preview renders the current text, or the text given', async () => {
      const current = await api.call('POST', '/api/templates/doctorReady/preview');
      expect(current.status).to.equal(200);
      expect(current.body).to.deep.equal({ text: 'Hi Alex, please come to room 7.', encoding: 'GSM-7', characters: 31, segments: 1 });
      const draft = await api.call('POST', '/api/templates/doctorReady/preview', { json: { text: '{{ room }}!' } });
      expect(draft.body).to.deep.equal({ text: 'room 7!', encoding: 'GSM-7', characters: 7, segments: 1 });
      expect(control.templates.get('doctorReady')?.source).to.equal('default');
    });

    it('preview of a bad draft → 422; unknown property → 400', async () => {
      const bad = await api.call('POST', '/api/templates/doctorReady/preview', { json: { text: '{{ room' } });
      expect(bad.status).to.equal(422);
      expect(bad.body.error).to.include('doctorReady');
      const extra = await api.call('POST', '/api/templates/doctorReady/preview', { json: { txt: 'x' } });
      expect(extra.status).to.equal(400);
    });
  });

  describe('POST /api/cycle', () => {
    it('runs the today loop', async () => {
      const reply = await api.call('POST', '/api/cycle');
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ ok: true });
      expect(control.cycles).to.equal(1);
    });

    it('answers 500 with a generic message and logs the detail', async () => {
      control.cycleFailure = new Error('database is locked');
      const reply = await api.call('POST', '/api/cycle');
      expect(reply.status).to.equal(500);
      expect(reply.body).to.deep.equal({ error: 'internal error; see the host log' });
      const logged = api.logs.find((line) => line.level === 'error');
      expect(logged?.fields).to.include({ route: '/api/cycle', error: 'Error: database is locked' });
    });
  });
});
