import { expect } from 'chai';
import type { VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { AuthError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import {
  createSilentLogger,
  createTestContext,
  describeVideoProviderContract,
  expectRejection,
  ManualClock,
  OptionsSchemaError,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import { startOpenViduStandIn, type OpenViduStandIn } from '../../test/stand-ins/openvidu/index.js';
import plugin, { OpenViduApi, OpenViduVideoProvider, tokenFromJoinLink, type OpenViduOptions } from './index.js';

const SECRET = 'MY_SECRET';
const JOIN_PAGE = 'https://proxy.example.org/join';

const connectionIds = (room: VideoRoom) => room.providerData as { patientConnectionId: string; practitionerConnectionId: string };

describeVideoProviderContract({
  name: 'video-openvidu',
  // Three HTTP calls per room: 200 rooms keep the suite fast and still show 144-bit ids.
  collisionRooms: 200,
  setup: async () => {
    const standIn = await startOpenViduStandIn({ secret: SECRET });
    const ctx = createTestContext();
    const instance = plugin.create(resolvePluginOptions(plugin, { url: standIn.url, secret: SECRET, joinPageUrl: JOIN_PAGE }), ctx);
    await instance.start?.();
    return {
      provider: instance.service,
      simulatePatientJoin: async (room) => standIn.activate(room.roomId, connectionIds(room).patientConnectionId),
      simulateOtherJoin: async (room) => standIn.activate(room.roomId, connectionIds(room).practitionerConnectionId),
      simulateGuestJoin: async (_room, guest) => void standIn.joinWithToken(tokenFromJoinLink(guest.link)!),
      teardown: async () => {
        await instance.stop?.();
        await standIn.close();
        await ctx.close();
      },
    };
  },
});

const request = (overrides: Partial<VideoRoomRequest> = {}): VideoRoomRequest => ({
  appointmentId: 'appt-1',
  start: '2026-11-23T09:30:00+11:00',
  end: '2026-11-23T09:45:00+11:00',
  patientDisplayName: 'Sam',
  practitionerDisplayName: 'Dr Jones',
  ...overrides,
});

describe('video-openvidu', function () {
  let standIn: OpenViduStandIn;
  let ctx: TestContext;
  let clock: ManualClock;
  let waits: number[];

  const options = (overrides: Partial<OpenViduOptions> = {}): OpenViduOptions =>
    resolvePluginOptions(plugin, { url: standIn.url, secret: SECRET, joinPageUrl: JOIN_PAGE, ...overrides });

  /** A provider as the plugin builds it, but with retries that do not wait. */
  const provider = (overrides: Partial<OpenViduOptions> = {}): OpenViduVideoProvider => {
    const resolved = options(overrides);
    return new OpenViduVideoProvider({
      api: new OpenViduApi(resolved),
      state: ctx.state,
      clock,
      logger: createSilentLogger(),
      options: resolved,
      sleep: async (ms) => void waits.push(ms),
    });
  };

  beforeEach(async function () {
    standIn = await startOpenViduStandIn({ secret: SECRET });
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    ctx = createTestContext({ clock });
    waits = [];
  });
  afterEach(async function () {
    await standIn.close();
    await ctx.close();
  });

  it('validates its options: required keys, defaults, secret marked, recording needs ROUTED', function () {
    expect(plugin.manifest).to.deep.include({ id: 'video-openvidu', role: 'video', hostApi: '^2' });
    expect(options()).to.deep.include({ mediaMode: 'ROUTED', graceMinutes: 30, record: false, timeoutMs: 15000, retries: 2 });
    const properties = plugin.optionsSchema.properties as Record<string, Record<string, unknown>>;
    expect(properties.secret!['x-secret']).to.equal(true);
    expect(() => resolvePluginOptions(plugin, { url: standIn.url, joinPageUrl: JOIN_PAGE })).to.throw(OptionsSchemaError, 'secret');
    expect(() => options({ url: 'https://openvidu.example.org/some/path' })).to.throw(OptionsSchemaError);
    expect(() => options({ joinPageUrl: 'https://proxy.example.org/join#x' })).to.throw(OptionsSchemaError);
    expect(() => options({ record: true, mediaMode: 'RELAYED' })).to.throw(OptionsSchemaError);
    expect(options({ record: true })).to.deep.include({ record: true, mediaMode: 'ROUTED' });
    expect(() => resolvePluginOptions(plugin, { url: standIn.url, secret: SECRET, joinPageUrl: JOIN_PAGE, room: 'x' })).to.throw(OptionsSchemaError);
  });

  it('creates one random session with a patient and a practitioner PUBLISHER connection, tokens only in the link fragments', async function () {
    const room = await provider({ graceMinutes: 20 }).createRoom(request());
    expect(room.roomId).to.match(/^[A-Za-z0-9_-]{24}$/);
    const session = standIn.session(room.roomId)!;
    expect(session).to.include({ customSessionId: room.roomId, mediaMode: 'ROUTED', recordingMode: 'MANUAL' });
    expect(session.connections.map((c) => [c.role, JSON.parse(c.serverData).role, c.status, c.record])).to.deep.equal([
      ['PUBLISHER', 'patient', 'pending', false],
      ['PUBLISHER', 'practitioner', 'pending', false],
    ]);
    const [patient, practitioner] = session.connections;
    expect(connectionIds(room)).to.deep.equal({ patientConnectionId: patient!.id, practitionerConnectionId: practitioner!.id });
    expect(room.patientLink.startsWith(`${JOIN_PAGE}#`)).to.equal(true);
    expect(tokenFromJoinLink(room.patientLink)).to.equal(patient!.token);
    expect(tokenFromJoinLink(room.practitionerLink)).to.equal(practitioner!.token);
    expect(patient!.token).to.match(new RegExp(`^wss://127\\.0\\.0\\.1:\\d+\\?sessionId=${room.roomId}&token=tok_\\w+$`));
    expect(room.expiresAt).to.equal('2026-11-22T23:05:00.000Z'); // 09:45 +11:00 plus 20 minutes
    const auth = standIn.requests().map((r) => r.authenticated);
    expect(auth).to.not.include(false);
  });

  it('gives a patient rejoin link: a new patient connection in the same session, since a token works once', async function () {
    const videoProvider = provider();
    const room = await videoProvider.createRoom(request());
    standIn.activate(room.roomId, connectionIds(room).patientConnectionId);
    const rejoin = await videoProvider.patientRejoinLink(room, request());
    const session = standIn.session(room.roomId)!;
    expect(session.connections.map((c) => [c.role, JSON.parse(c.serverData).role, c.status])).to.deep.equal([
      ['PUBLISHER', 'patient', 'active'],
      ['PUBLISHER', 'practitioner', 'pending'],
      ['PUBLISHER', 'patient', 'pending'],
    ]);
    expect(rejoin.startsWith(`${JOIN_PAGE}#`)).to.equal(true);
    expect(tokenFromJoinLink(rejoin)).to.equal(session.connections[2]!.token);
    expect(rejoin).to.not.equal(room.patientLink);
    // Join detection still follows the first patient connection, and the room is unchanged.
    expect(await videoProvider.hasPatientJoined(room)).to.equal(true);
    expect(await videoProvider.roomIsOpen(room)).to.equal(true);
  });

  it('records every consult only when asked', async function () {
    const room = await provider({ record: true }).createRoom(request());
    const session = standIn.session(room.roomId)!;
    expect(session.recordingMode).to.equal('ALWAYS');
    expect(session.connections.map((c) => c.record)).to.deep.equal([true, true]);
  });

  it('counts only the patient: the practitioner joining is not the patient arriving', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    standIn.activateRole(room.roomId, 'practitioner');
    expect(await video.hasPatientJoined(room)).to.equal(false);
    standIn.activateRole(room.roomId, 'patient');
    expect(await video.hasPatientJoined(room)).to.equal(true);
  });

  it('keeps the patient joined after they leave (OpenVidu drops a used connection)', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    standIn.activate(room.roomId, connectionIds(room).patientConnectionId);
    standIn.leave(room.roomId, connectionIds(room).patientConnectionId);
    expect(await video.hasPatientJoined(room)).to.equal(true);
    const fetches = standIn.requests().filter((r) => r.operation === 'fetch-session').length;
    expect(await video.hasPatientJoined(room), 'remembered').to.equal(true);
    expect(standIn.requests().filter((r) => r.operation === 'fetch-session').length, 'no second fetch').to.equal(fetches);
  });

  it('gives the same room for a repeated request and a new one when the appointment moves', async function () {
    const video = provider();
    const first = await video.createRoom(request());
    expect(await video.createRoom(request())).to.deep.equal(first);
    const moved = await video.createRoom(request({ start: '2026-11-23T10:00:00+11:00', end: '2026-11-23T10:15:00+11:00' }));
    expect(moved.roomId).to.not.equal(first.roomId);
    expect(standIn.session(first.roomId), 'old room closed').to.equal(undefined);
  });

  it('turns a 401 into AuthError and reports the plugin down', async function () {
    const resolved = options({ secret: 'wrong' });
    const video = new OpenViduVideoProvider({ api: new OpenViduApi(resolved), state: ctx.state, clock, logger: createSilentLogger(), options: resolved });
    const error = await expectRejection(() => video.createRoom(request()), AuthError);
    expect(error.message).to.include('secret').and.not.include('wrong');
    await expectRejection(() => video.start(), AuthError);
    expect(await video.checkHealth()).to.deep.include({ status: 'down' });
    expect(standIn.sessions()).to.deep.equal([]);
  });

  it('treats a 404 as a room gone: not joined, shown in health, and recreated on the next request', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    standIn.dropSession(room.roomId);
    expect(await video.hasPatientJoined(room)).to.equal(false);
    const health = await video.checkHealth();
    expect(health.status).to.equal('degraded');
    expect(health.data).to.deep.include({ goneRooms: 1, openRooms: 0 });
    const again = await video.createRoom(request());
    expect(again.roomId).to.not.equal(room.roomId);
    expect(standIn.session(again.roomId)).to.not.equal(undefined);
    expect(await video.checkHealth()).to.deep.include({ status: 'ok' });
    await video.closeRoom(room); // closing the gone room still succeeds
  });

  it('says whether a room is still open: 200 → true, 404 → false and recreated on the next request', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    const fetches = () => standIn.requests().filter((r) => r.operation === 'fetch-session').length;
    expect(await video.roomIsOpen(room)).to.equal(true);
    expect(fetches()).to.equal(1);

    standIn.dropSession(room.roomId);
    expect(await video.roomIsOpen(room)).to.equal(false);
    expect((await video.checkHealth()).data).to.deep.include({ goneRooms: 1 });
    expect(await video.roomIsOpen(room), 'remembered as gone').to.equal(false);
    expect(fetches()).to.equal(2);

    const again = await video.createRoom(request());
    expect(again.roomId).to.not.equal(room.roomId);
    expect(await video.roomIsOpen(again)).to.equal(true);
  });

  it('never reads a failure to reach OpenVidu as a room gone', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    standIn.failNext('drop', { on: 'fetch-session', times: 3 });
    await expectRejection(() => video.roomIsOpen(room), UnavailableError);
    standIn.failNext(500, { on: 'fetch-session', times: 3 });
    await expectRejection(() => video.roomIsOpen(room), UnavailableError);
    expect(await video.roomIsOpen(room)).to.equal(true);
    expect(await video.createRoom(request()), 'the same room').to.deep.equal(room);

    const wrongSecret = options({ secret: 'wrong' });
    const unauthorised = new OpenViduVideoProvider({
      api: new OpenViduApi(wrongSecret),
      state: ctx.state,
      clock,
      logger: createSilentLogger(),
      options: wrongSecret,
    });
    await expectRejection(() => unauthorised.roomIsOpen(room), AuthError);
  });

  it('counts a room whose links expired as not open, without asking OpenVidu', async function () {
    const video = provider({ graceMinutes: 10 });
    const room = await video.createRoom(request());
    clock.set('2026-11-23T09:55:00+11:00'); // 09:45 end + 10 minutes
    const before = standIn.requests().length;
    expect(await video.roomIsOpen(room)).to.equal(false);
    expect(standIn.requests()).to.have.length(before);
  });

  it('retries network failures and 5xx with backoff, then reports the service unavailable', async function () {
    const video = provider();
    standIn.failNext('drop', { on: 'create-session' });
    standIn.failNext(503, { on: 'create-connection' });
    const room = await video.createRoom(request());
    expect(waits).to.have.length(2);
    expect(standIn.sessions().map((s) => s.id)).to.deep.equal([room.roomId]); // the half-made room was closed

    standIn.failNext('drop', { on: 'fetch-session', times: 3 });
    await expectRejection(() => video.hasPatientJoined(room), UnavailableError);
    expect(waits).to.have.length(4);
    const health = await video.checkHealth();
    expect(health.status).to.equal('degraded');
    expect(health.data).to.include({ lastErrorCode: 'CA_ERR_UNAVAILABLE' });

    expect(await video.hasPatientJoined(room)).to.equal(false);
    expect((await video.checkHealth()).status).to.equal('ok');
  });

  it('closes rooms idempotently and forgets them', async function () {
    const video = provider();
    const room = await video.createRoom(request());
    await video.closeRoom(room);
    expect(standIn.session(room.roomId)).to.equal(undefined);
    await video.closeRoom(room);
    expect(await ctx.state.list()).to.deep.equal([]);
  });

  it('sweeps rooms whose links expired when it starts (left over from a crash)', async function () {
    const before = provider({ graceMinutes: 10 });
    const early = await before.createRoom(request({ appointmentId: 'a-early' }));
    const late = await before.createRoom(request({ appointmentId: 'a-late', start: '2026-11-23T11:00:00+11:00', end: '2026-11-23T11:30:00+11:00' }));
    clock.set('2026-11-23T10:00:00+11:00'); // past 09:45 + 10 min, before 11:30
    // The host crashed without closing anything; a new instance starts on the same store.
    const after = plugin.create(options({ graceMinutes: 10 }), ctx);
    await after.start?.();
    await after.stop?.();
    expect(standIn.sessions().map((s) => s.id)).to.deep.equal([late.roomId]);
    expect(standIn.session(early.roomId)).to.equal(undefined);
    const remembered = (await ctx.state.list<{ roomId: string }>()).filter((e) => e.key.startsWith('room:'));
    expect(remembered.map((e) => e.value.roomId)).to.deep.equal([late.roomId]);
  });
});
