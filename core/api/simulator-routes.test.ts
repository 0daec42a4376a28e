import { expect } from 'chai';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { createSimulatorPlugins, type SimulatorPlugins } from './test-support/simulator-plugins.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';

const newAppointment = {
  start: '2026-11-23T09:30:00+11:00',
  patient: { id: 'pat-1', name: 'Alex Citizen', mobile: '0412 345 678' },
  practitioner: { id: 'prac-1', name: 'Dr Lee' },
};

/*
 * The simulator plugins' own routes (plugins/*-simulator/routes.ts), mounted on the API as the
 * host mounts them, against the real simulators with in-memory state.
 */
describe('local API simulator routes', () => {
  describe('with the simulators active', () => {
    let sims: SimulatorPlugins;
    let api: TestApi;

    // A fresh server and fresh simulators for each test.
    beforeEach(async () => {
      sims = createSimulatorPlugins();
      api = await startTestApi(new FakeHostControl(), { pluginRoutes: sims.routeSets });
    });
    afterEach(() => api.close());

    const stored = async () => new Map((await sims.pms.listAll()).map((a) => [a.id, a]));

    it('POST /api/simulator/appointments creates with defaults; GET lists', async () => {
      const created = await api.call('POST', '/api/simulator/appointments', { json: newAppointment });
      expect(created.status).to.equal(201);
      expect(created.body).to.deep.equal({ ...newAppointment, id: 'sim-1', status: 'booked', isVideo: false });
      const listed = await api.call('GET', '/api/simulator/appointments');
      expect(listed.body).to.deep.equal({ items: [created.body] });
    });

    it('POST with an id replaces that appointment', async () => {
      await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, id: 'a1' } });
      const replaced = await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, id: 'a1', status: 'arrived' } });
      expect(replaced.status).to.equal(201);
      expect((await stored()).size).to.equal(1);
      expect((await stored()).get('a1')?.status).to.equal('arrived');
    });

    for (const [change, expected] of [
      [{ start: '2026-11-23 09:30' }, 'body.start: must match format "date-time"'],
      [{ start: '2026-11-23T09:30:00' }, 'body.start: must match format "date-time"'],
      [{ status: 'late' }, 'body.status: must be one of proposed, pending, booked'],
      [{ patient: { name: 'No Id' } }, 'body.patient: missing required property "id"'],
      [{ practitioner: { id: 'p', name: 'n', room: '7' } }, 'body.practitioner: unknown property "room"'],
      [{ isVideo: 'true' }, 'body.isVideo: must be boolean'],
    ] as const) {
      it(`POST with ${JSON.stringify(change)} → 400`, async () => {
        const reply = await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, ...change } });
        expect(reply.status).to.equal(400);
        expect(reply.body.error).to.include(expected);
        expect((await stored()).size).to.equal(0);
      });
    }

    it('POST and PATCH take only http:// or https:// video links (400 otherwise)', async () => {
      for (const videoLink of ['javascript:alert(1)', 'data:text/html,<b>hi</b>', 'ftp://video.example.org/r/1', 'file:///etc/passwd']) {
        const reply = await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, isVideo: true, videoLink } });
        expect(reply.status, videoLink).to.equal(400);
        expect(reply.body.error, videoLink).to.include('body.videoLink: must be an http:// or https:// link');
      }
      expect((await stored()).size).to.equal(0);
      const created = await api.call('POST', '/api/simulator/appointments', {
        json: { ...newAppointment, id: 'v1', isVideo: true, videoLink: 'https://video.example.org/r/1' },
      });
      expect(created.status).to.equal(201);
      const patched = await api.call('PATCH', '/api/simulator/appointments/v1', { json: { videoLink: 'javascript:alert(1)' } });
      expect(patched.status).to.equal(400);
      expect((await stored()).get('v1')?.videoLink).to.equal('https://video.example.org/r/1');
      const http = await api.call('PATCH', '/api/simulator/appointments/v1', { json: { videoLink: 'HTTP://video.example.org/r/2' } });
      expect(http.status).to.equal(200);
    });

    it('PATCH /api/simulator/appointments/:id edits; unknown id → 404; bad body → 400', async () => {
      await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, id: 'a1' } });
      const patched = await api.call('PATCH', '/api/simulator/appointments/a1', { json: { status: 'cancelled' } });
      expect(patched.status).to.equal(200);
      expect(patched.body).to.include({ id: 'a1', status: 'cancelled', start: newAppointment.start });
      const unknown = await api.call('PATCH', '/api/simulator/appointments/zz', { json: { status: 'cancelled' } });
      expect(unknown.status).to.equal(404);
      expect(unknown.body.code).to.equal('CA_ERR_NOT_FOUND');
      const withId = await api.call('PATCH', '/api/simulator/appointments/a1', { json: { id: 'a2' } });
      expect(withId.status).to.equal(400);
      expect(withId.body.error).to.equal('body: unknown property "id"');
      // Defaults apply to creation only: a PATCH never resets fields it does not name.
      expect((await stored()).get('a1')).to.include({ status: 'cancelled', isVideo: false });
    });

    it('DELETE /api/simulator/appointments/:id removes; unknown id → 404', async () => {
      await api.call('POST', '/api/simulator/appointments', { json: { ...newAppointment, id: 'a1' } });
      const removed = await api.call('DELETE', '/api/simulator/appointments/a1');
      expect(removed.status).to.equal(200);
      expect(removed.body).to.deep.equal({ ok: true });
      expect((await stored()).size).to.equal(0);
      const again = await api.call('DELETE', '/api/simulator/appointments/a1');
      expect(again.status).to.equal(404);
    });

    it('POST /api/simulator/inbox injects a reply and returns its id', async () => {
      const reply = await api.call('POST', '/api/simulator/inbox', { json: { from: '0412 345 678', body: 'YES' } });
      expect(reply.status).to.equal(201);
      expect(reply.body.id).to.match(/^SMin[0-9a-f]{32}$/);
      expect(await sims.inbox.pending()).to.equal(1);
      const pending = await api.call('GET', '/api/simulator/inbox');
      expect(pending.body).to.deep.equal({ pending: 1 });
    });

    it('POST /api/simulator/inbox validates its body → 400', async () => {
      for (const json of [{ from: '0412' }, { from: '', body: 'x' }, { from: '0412', body: 'x', id: 'mine' }, { from: 412, body: 'x' }]) {
        const reply = await api.call('POST', '/api/simulator/inbox', { json });
        expect(reply.status, JSON.stringify(json)).to.equal(400);
      }
      expect(await sims.inbox.pending()).to.equal(0);
    });

    it('POST /api/simulator/sms/status hands a delivery report to the simulated inbox; a bad one → 400', async () => {
      const reply = await api.call('POST', '/api/simulator/sms/status', { json: { providerId: 'SM1', status: 'undelivered', errorCode: '30003' } });
      expect(reply.status).to.equal(200);
      expect(reply.body).to.deep.equal({ id: 'SM1:undelivered' });
      for (const json of [
        { status: 'sent' },
        { providerId: 'SM1', status: 'read' },
        { providerId: 'SM1', status: 'failed', errorCode: 'Unreachable' },
        { providerId: 'SM1', status: 'sent', note: 'x' },
      ]) {
        const bad = await api.call('POST', '/api/simulator/sms/status', { json });
        expect(bad.status, JSON.stringify(json)).to.equal(400);
      }
      expect(sims.statusReports.map(({ providerId, status, errorCode }) => ({ providerId, status, errorCode }))).to.deep.equal([
        { providerId: 'SM1', status: 'undelivered', errorCode: '30003' },
      ]);
    });

    it('GET /api/simulator/sms/sent lists sent texts with ISO times', async () => {
      const receipt = await sims.sms.send({ to: '+61412345678', body: 'hi' });
      const reply = await api.call('GET', '/api/simulator/sms/sent');
      // The test context's manual clock starts at 2026-01-01T00:00:00Z.
      expect(reply.body).to.deep.equal({ items: [{ providerId: receipt.providerId, to: '+61412345678', body: 'hi', at: '2026-01-01T00:00:00.000Z' }] });
    });

    it('POST /api/simulator/video/:roomId/join joins the patient; unknown room → 404', async () => {
      const { roomId } = await sims.video.createRoom({
        appointmentId: 'a1',
        start: '2026-11-23T09:30:00+11:00',
        patientDisplayName: 'P',
        practitionerDisplayName: 'D',
      });
      const rooms = await api.call('GET', '/api/simulator/video/rooms');
      expect(rooms.body).to.deep.equal({ items: [{ roomId, closed: false, patientJoined: false }] });
      const joined = await api.call('POST', `/api/simulator/video/${roomId}/join`);
      expect(joined.status).to.equal(200);
      expect((await sims.video.rooms())[0]!.patientJoined).to.equal(true);
      const unknown = await api.call('POST', '/api/simulator/video/room-zzz/join');
      expect(unknown.status).to.equal(404);
      expect(unknown.body.error).to.equal('no simulated video room "room-zzz"');
    });
  });

  describe('with no simulator active', () => {
    let api: TestApi;
    before(async () => {
      api = await startTestApi(new FakeHostControl());
    });
    after(() => api.close());

    for (const [method, path, json] of [
      ['GET', '/api/simulator/appointments', undefined],
      ['POST', '/api/simulator/appointments', newAppointment],
      ['PATCH', '/api/simulator/appointments/a1', { status: 'arrived' }],
      ['DELETE', '/api/simulator/appointments/a1', undefined],
      ['GET', '/api/simulator/inbox', undefined],
      ['POST', '/api/simulator/inbox', { from: '0412', body: 'YES' }],
      ['GET', '/api/simulator/sms/sent', undefined],
      ['GET', '/api/simulator/video/rooms', undefined],
      ['POST', '/api/simulator/video/room-abc/join', undefined],
    ] as const) {
      it(`${method} ${path} → 404 (no such route without the simulator)`, async () => {
        const reply = await api.call(method, path, { json });
        expect(reply.status).to.equal(404);
        expect(reply.body.error).to.match(/^no route /);
      });
    }
  });

  it("mounts each simulator's routes separately", async () => {
    const sms = createSimulatorPlugins().routeSets.filter((set) => set.pluginId === 'sms-simulator');
    const api = await startTestApi(new FakeHostControl(), { pluginRoutes: sms });
    try {
      expect((await api.call('GET', '/api/simulator/sms/sent')).status).to.equal(200);
      expect((await api.call('GET', '/api/simulator/appointments')).status).to.equal(404);
    } finally {
      await api.close();
    }
  });
});
