import { expect } from 'chai';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';
import { consult, jitsiFixture, TEST_DOMAIN, type JitsiFixture } from './test-support.js';

describe('video-jitsi join detection (room-size stand-in)', function () {
  let f: JitsiFixture;
  let room: VideoRoom;
  const roomSizeCalls = () => f.jitsi.requests.filter((r) => r.path === '/room-size').length;

  afterEach(() => f.close());

  describe('with a healthy endpoint', function () {
    beforeEach(async () => {
      f = await jitsiFixture();
      room = await f.provider.createRoom(consult);
    });

    it('asks for the room by name and XMPP domain, and follows the occupancy', async function () {
      expect(f.provider.capabilities.joinDetection).to.equal(true);
      expect(await f.provider.hasPatientJoined(room), 'room does not exist yet (404)').to.equal(false);
      const patient = f.jitsi.joinWithLink(room.patientLink);
      expect(await f.provider.hasPatientJoined(room), 'patient in').to.equal(true);
      f.jitsi.leave(room.roomId, patient);
      expect(await f.provider.hasPatientJoined(room), 'room gone with its last occupant').to.equal(false);
      const query = f.jitsi.requests[0]!.query;
      expect(query.get('room')).to.equal(room.roomId);
      expect(query.get('domain')).to.equal(TEST_DOMAIN);
      expect(f.sleeps, 'no retries').to.deep.equal([]);
    });

    it('counts anyone in the room: a practitioner alone reads as "patient joined" (why the mode is opt-in)', async function () {
      f.jitsi.joinWithLink(room.practitionerLink);
      expect(f.jitsi.occupants(room.roomId)).to.deep.equal([{ id: f.jitsi.occupants(room.roomId)[0]!.id, moderator: true, displayName: 'Dr Jones' }]);
      expect(await f.provider.hasPatientJoined(room)).to.equal(true);
    });

    it('does not ask about a closed (forgotten) room', async function () {
      f.jitsi.joinWithLink(room.patientLink);
      await f.provider.closeRoom(room);
      expect(await f.provider.hasPatientJoined(room)).to.equal(false);
      expect(roomSizeCalls()).to.equal(0);
    });

    it('uses roomSizeDomain when the XMPP domain differs from the web host', async function () {
      const g = await jitsiFixture({ domain: 'meet.clinic.test', roomSizeDomain: TEST_DOMAIN, jwtSubject: TEST_DOMAIN });
      try {
        const other = await g.provider.createRoom(consult);
        g.jitsi.joinWithLink(other.patientLink);
        expect(await g.provider.hasPatientJoined(other)).to.equal(true);
        expect(g.jitsi.requests[0]!.query.get('domain')).to.equal(TEST_DOMAIN);
      } finally {
        await g.close();
      }
    });
  });

  it('sends a token for the room when the endpoint verifies tokens', async function () {
    f = await jitsiFixture({}, { roomSizeTokenVerification: true });
    room = await f.provider.createRoom(consult);
    f.jitsi.joinWithLink(room.patientLink);
    expect(await f.provider.hasPatientJoined(room)).to.equal(true);
    expect(f.jitsi.requests[0]!.query.get('token')).to.be.a('string');
  });

  describe('when the endpoint fails', function () {
    beforeEach(async () => {
      f = await jitsiFixture({}, { deps: { failureCooldownMs: 30_000 } });
      room = await f.provider.createRoom(consult);
      f.jitsi.joinWithLink(room.patientLink);
    });

    it('retries 5xx with backoff and succeeds when the endpoint recovers', async function () {
      f.jitsi.failNext(503, 2);
      expect(await f.provider.hasPatientJoined(room)).to.equal(true);
      expect(f.sleeps).to.deep.equal([100, 100]);
      expect(roomSizeCalls()).to.equal(3);
      expect((await f.provider.health()).status).to.equal('ok');
    });

    it('retries a dropped connection', async function () {
      f.jitsi.dropNext(1);
      expect(await f.provider.hasPatientJoined(room)).to.equal(true);
      expect(f.sleeps).to.have.length(1);
    });

    it('reports "not joined" and degraded health once retries are spent, rests, then recovers', async function () {
      f.jitsi.failNext(502, 3);
      expect(await f.provider.hasPatientJoined(room)).to.equal(false);
      expect(roomSizeCalls()).to.equal(3);
      const health = await f.provider.health();
      expect(health.status).to.equal('degraded');
      expect(health.detail).to.include('room-size endpoint failing').and.include('HTTP 502');
      expect(health.data).to.include({ roomSizeFailures: 1 });
      expect(JSON.stringify(health)).to.not.include(room.roomId);

      expect(await f.provider.hasPatientJoined(room), 'during the cool-down').to.equal(false);
      expect(roomSizeCalls(), 'not asked during the cool-down').to.equal(3);

      f.clock.advance(30_000);
      expect(await f.provider.hasPatientJoined(room)).to.equal(true);
      expect((await f.provider.health()).status).to.equal('ok');
    });

    it('does not retry a 403 (token refused) and says what to check', async function () {
      f.jitsi.failNext(403, 1);
      expect(await f.provider.hasPatientJoined(room)).to.equal(false);
      expect(roomSizeCalls()).to.equal(1);
      expect((await f.provider.health()).detail)
        .to.include('403')
        .and.include('jwtSecret');
    });

    it('treats an answer without a participant count as a failure, not as "joined"', async function () {
      f.jitsi.failNext(200, 1);
      expect(await f.provider.hasPatientJoined(room)).to.equal(false);
      expect((await f.provider.health()).data).to.include({ lastError: 'CA_ERR_JITSI_ROOM_SIZE: Jitsi room-size endpoint did not answer JSON' });
    });

    it('reports "not joined" when the endpoint is not listening at all', async function () {
      await f.jitsi.close();
      expect(await f.provider.hasPatientJoined(room)).to.equal(false);
      expect(f.sleeps).to.have.length(2);
      expect((await f.provider.health()).detail).to.include('unreachable');
    });
  });
});
