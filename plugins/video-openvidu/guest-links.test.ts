import { expect } from 'chai';
import type { GuestGrant, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import {
  createSilentLogger,
  createTestContext,
  expectRejection,
  ManualClock,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import { startOpenViduStandIn, type OpenViduStandIn } from '../../test/stand-ins/openvidu/index.js';
import plugin, { OpenViduApi, OpenViduVideoProvider, grantKey, tokenFromJoinLink } from './index.js';

const SECRET = 'MY_SECRET';
const JOIN_PAGE = 'https://proxy.example.org/join';

const consult: VideoRoomRequest = {
  appointmentId: 'appt-1',
  start: '2026-11-23T09:30:00+11:00',
  end: '2026-11-23T09:45:00+11:00',
  patientDisplayName: 'Sam',
  practitionerDisplayName: 'Dr Jones',
};
// The room's links end at 09:45 + 30 minutes grace.
const ROOM_ENDS = '2026-11-22T23:15:00.000Z';
const grant = (overrides: Partial<GuestGrant> = {}): GuestGrant => ({
  grantId: 'gr_5kQ2vN8xW3mZ7pL1tR9yB4',
  displayName: 'Guest',
  expiresAt: ROOM_ENDS,
  ...overrides,
});

describe('video-openvidu guest links', function () {
  let standIn: OpenViduStandIn;
  let ctx: TestContext;
  let clock: ManualClock;
  let video: OpenViduVideoProvider;

  const newProvider = () => {
    const options = resolvePluginOptions(plugin, { url: standIn.url, secret: SECRET, joinPageUrl: JOIN_PAGE });
    return new OpenViduVideoProvider({
      api: new OpenViduApi(options),
      state: ctx.state,
      clock,
      logger: createSilentLogger(),
      options,
      sleep: async () => undefined,
    });
  };
  const connectionOf = (roomId: string, id: string) => standIn.session(roomId)?.connections.find((c) => c.id === id);
  const guestIdOf = (link: { providerData?: Record<string, unknown> }) => link.providerData!.connectionId as string;

  beforeEach(async function () {
    standIn = await startOpenViduStandIn({ secret: SECRET });
    clock = new ManualClock('2026-11-23T09:00:00+11:00');
    ctx = createTestContext({ clock });
    video = newProvider();
  });
  afterEach(async function () {
    await standIn.close();
    await ctx.close();
  });

  it('declares guest links and guest removal', function () {
    expect(video.capabilities).to.deep.include({ guestLinks: true, guestRemoval: true });
  });

  it('makes a PUBLISHER (never MODERATOR) connection in the same session, marked as a guest, on the same join page', async function () {
    const room = await video.createRoom(consult);
    const guest = await video.createGuestLink(room, grant({ displayName: 'Alex' }));
    const connection = connectionOf(room.roomId, guestIdOf(guest))!;
    expect(connection.role).to.equal('PUBLISHER');
    expect(JSON.parse(connection.serverData)).to.deep.equal({ role: 'guest', grant: grantKey(grant().grantId), name: 'Alex' });
    expect(connection.serverData, 'the host’s grant id stays with the host').to.not.include(grant().grantId);
    expect(guest.link.startsWith(`${JOIN_PAGE}#guest.`)).to.equal(true);
    expect(tokenFromJoinLink(guest.link)).to.equal(connection.token);
    expect(connection.token).to.include(`sessionId=${room.roomId}`);
    expect(guest.expiresAt).to.equal(ROOM_ENDS);
    for (const secret of ['appt-1', 'Sam', 'Jones']) expect(decodeURIComponent(guest.link)).to.not.include(secret);
  });

  it('gives the same guest for the same grant, also from a fresh instance and after a crash before it was recorded', async function () {
    const room = await video.createRoom(consult);
    const first = await video.createGuestLink(room, grant());
    expect(await newProvider().createGuestLink(room, grant())).to.deep.equal(first);

    // The store lost the record (a crash between OpenVidu's answer and the write): the connection is found again.
    const guestKeys = (await ctx.state.list()).filter((e) => e.key.startsWith('guest:'));
    for (const entry of guestKeys) await ctx.state.set(entry.key, undefined);
    const again = await newProvider().createGuestLink(room, grant());
    expect(again.link).to.equal(first.link);
    const guests = standIn.session(room.roomId)!.connections.filter((c) => JSON.parse(c.serverData).role === 'guest');
    expect(guests).to.have.length(1);
  });

  it('ends the link at the grant’s expiry or the room’s, whichever is first', async function () {
    const room = await video.createRoom(consult);
    const long = await video.createGuestLink(room, grant({ grantId: 'gr_long_aaaaaaaaaaaaaaaaaaaa', expiresAt: '2026-11-24T00:00:00.000Z' }));
    expect(long.expiresAt).to.equal(ROOM_ENDS);
    const short = await video.createGuestLink(room, grant({ grantId: 'gr_short_aaaaaaaaaaaaaaaaaaa', expiresAt: '2026-11-22T22:50:00.000Z' }));
    expect(short.expiresAt).to.equal('2026-11-22T22:50:00.000Z');

    // Past the short grant: the sweep deletes that guest's connection, so its link is refused.
    clock.set('2026-11-22T22:51:00.000Z');
    await video.sweepExpired();
    expect(connectionOf(room.roomId, guestIdOf(short))).to.equal(undefined);
    expect(() => standIn.joinWithToken(tokenFromJoinLink(short.link)!)).to.throw(/not valid/);
    expect(connectionOf(room.roomId, guestIdOf(long))?.status).to.equal('pending');
  });

  it('joins the same room as a guest without marking the patient arrived', async function () {
    const room = await video.createRoom(consult);
    const guest = await video.createGuestLink(room, grant());
    expect(standIn.joinWithToken(tokenFromJoinLink(guest.link)!)).to.equal(guestIdOf(guest));
    expect(connectionOf(room.roomId, guestIdOf(guest))?.status).to.equal('active');
    expect(await video.hasPatientJoined(room), 'a guest in the call is not the patient').to.equal(false);
    // The guest leaves (OpenVidu drops a used connection): still not the patient.
    standIn.leave(room.roomId, guestIdOf(guest));
    expect(await video.hasPatientJoined(room)).to.equal(false);
    standIn.joinWithToken(tokenFromJoinLink(room.patientLink)!);
    expect(await video.hasPatientJoined(room)).to.equal(true);
  });

  it('stops working once the room closes', async function () {
    const room = await video.createRoom(consult);
    const guest = await video.createGuestLink(room, grant());
    clock.set('2026-11-23T10:16:00+11:00'); // past 09:45 + 30 minutes
    await video.sweepExpired();
    expect(standIn.session(room.roomId)).to.equal(undefined);
    expect(() => standIn.joinWithToken(tokenFromJoinLink(guest.link)!)).to.throw(/not valid/);
    expect(
      (await ctx.state.list()).map((e) => e.key),
      'nothing left in the store',
    ).to.deep.equal([]);
  });

  it('refuses a revoked unused link, and removes a guest in the call (removedFromCall true)', async function () {
    const room = await video.createRoom(consult);
    const unused = await video.createGuestLink(room, grant({ grantId: 'gr_unused_aaaaaaaaaaaaaaaaaa' }));
    expect(await video.revokeGuest(room, unused)).to.deep.equal({ removedFromCall: false });
    expect(() => standIn.joinWithToken(tokenFromJoinLink(unused.link)!)).to.throw(/not valid/);

    const inCall = await video.createGuestLink(room, grant({ grantId: 'gr_incall_aaaaaaaaaaaaaaaaaa' }));
    standIn.joinWithToken(tokenFromJoinLink(inCall.link)!);
    expect(await video.revokeGuest(room, inCall)).to.deep.equal({ removedFromCall: true });
    expect(connectionOf(room.roomId, guestIdOf(inCall))).to.equal(undefined);
    expect(await video.revokeGuest(room, inCall), 'again: nobody left to remove').to.deep.equal({ removedFromCall: false });
    const deletes = standIn.requests().filter((r) => r.operation === 'close-connection');
    expect(deletes.map((r) => r.path)).to.deep.equal([
      `/openvidu/api/sessions/${room.roomId}/connection/${guestIdOf(unused)}`,
      `/openvidu/api/sessions/${room.roomId}/connection/${guestIdOf(inCall)}`,
    ]);
  });

  it('revokes from providerData alone (a new store) and after the room is gone', async function () {
    const room = await video.createRoom(consult);
    const guest = await video.createGuestLink(room, grant());
    for (const entry of (await ctx.state.list()).filter((e) => e.key.startsWith('guest:'))) await ctx.state.set(entry.key, undefined);
    expect(await video.revokeGuest(room, guest)).to.deep.equal({ removedFromCall: false });
    expect(connectionOf(room.roomId, guestIdOf(guest))).to.equal(undefined);
    standIn.dropSession(room.roomId);
    expect(await video.revokeGuest(room, guest)).to.deep.equal({ removedFromCall: false });
  });

  it('makes no guest link for a room whose links expired or that OpenVidu lost', async function () {
    const room = await video.createRoom(consult);
    standIn.dropSession(room.roomId);
    await expectRejection(() => video.createGuestLink(room, grant()), NotFoundError);
    const later = await video.createRoom({ ...consult, appointmentId: 'appt-2' });
    clock.set('2026-11-23T10:16:00+11:00');
    await expectRejection(() => video.createGuestLink(later, grant()), NotFoundError);
  });
});
