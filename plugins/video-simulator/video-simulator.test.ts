import { expect } from 'chai';
import type { VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import {
  createTestContext,
  describeVideoProviderContract,
  expectRejection,
  OptionsSchemaError,
  resolvePluginOptions,
  type TestContext,
} from '@clinic-arrivals/plugin-kit/testing';
import plugin, { VideoSimulator } from './index.js';

describeVideoProviderContract({
  name: 'video-simulator',
  setup: async () => {
    const ctx = createTestContext();
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
    return {
      provider: video,
      simulatePatientJoin: (room) => video.simulatePatientJoin(room.roomId),
      simulateOtherJoin: (room) => video.simulatePractitionerJoin(room.roomId),
      teardown: () => ctx.close(),
    };
  },
});

const request: VideoRoomRequest = {
  appointmentId: 'sim-1',
  start: '2026-11-23T09:30:00+11:00',
  patientDisplayName: 'Sam Lee',
  practitionerDisplayName: 'Dr Jones',
};

describe('video-simulator', function () {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = createTestContext();
  });
  afterEach(async () => {
    await ctx.close();
  });

  it('declares its manifest, defaults baseUrl and rejects bad options', function () {
    expect(plugin.manifest).to.deep.include({ id: 'video-simulator', role: 'video', hostApi: '^2' });
    expect(resolvePluginOptions(plugin, {})).to.deep.equal({ baseUrl: 'http://127.0.0.1/sim-video' });
    expect(() => resolvePluginOptions(plugin, { baseUrl: 'ftp://x' })).to.throw(OptionsSchemaError);
    expect(() => resolvePluginOptions(plugin, { server: 'x' })).to.throw(OptionsSchemaError);
  });

  it('builds role links under baseUrl with 128-bit room ids and tokens', async function () {
    const video = plugin.create(resolvePluginOptions(plugin, { baseUrl: 'http://127.0.0.1:7171/sim-video/' }), ctx).service;
    const room = await video.createRoom(request);
    expect(room.roomId).to.match(/^[A-Za-z0-9_-]{22}$/);
    expect(room.patientLink).to.match(new RegExp(`^http://127\\.0\\.0\\.1:7171/sim-video/join/${room.roomId}#p=[A-Za-z0-9_-]{22}$`));
    expect(room.practitionerLink).to.match(new RegExp(`^http://127\\.0\\.0\\.1:7171/sim-video/join/${room.roomId}#d=[A-Za-z0-9_-]{22}$`));
    expect(video.capabilities).to.deep.equal({
      joinDetection: true,
      roleLinks: true,
      expiringLinks: false,
      guestLinks: true,
      guestRemoval: true,
      guestJoinDetection: true,
    });
  });

  it('lists rooms with their closed and joined flags', async function () {
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
    const first = await video.createRoom(request);
    const second = await video.createRoom(request);
    await video.simulatePatientJoin(first.roomId);
    await video.closeRoom(second);
    expect(await video.rooms()).to.have.deep.members([
      { roomId: first.roomId, closed: false, patientJoined: true },
      { roomId: second.roomId, closed: true, patientJoined: false },
    ]);
    expect(await plugin.create(resolvePluginOptions(plugin, {}), ctx).checkHealth?.()).to.deep.include({ status: 'ok', data: { rooms: 2, open: 1 } });
  });

  it('refuses a join to an unknown or closed room', async function () {
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
    await expectRejection(() => video.simulatePatientJoin('no-such-room'), NotFoundError);
    const room = await video.createRoom(request);
    await video.closeRoom(room);
    await expectRejection(() => video.simulatePatientJoin(room.roomId), NotFoundError);
    expect(await video.hasPatientJoined(room)).to.equal(false);
  });

  describe('guests', function () {
    const grant = { grantId: 'grant-1', displayName: 'Guest', expiresAt: '2999-01-01T00:00:00.000Z' };

    it('makes one guest link per grant, with its own token and no appointment id or name', async function () {
      const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
      const room = await video.createRoom(request);
      const link = await video.createGuestLink(room, grant);
      expect(link.link).to.match(new RegExp(`/join/${room.roomId}#g=[A-Za-z0-9_-]{22}$`));
      expect(link.link).not.to.contain('sim-1').and.not.to.contain('Sam');
      expect(await video.createGuestLink(room, grant), 'asked again after a crash').to.deep.equal(link);
      expect(link.link).not.to.equal(room.patientLink);
      await expectRejection(() => video.createGuestLink({ ...room, roomId: 'gone' }, { ...grant, grantId: 'grant-2' }), NotFoundError);
    });

    it('a guest join never counts as the patient joining', async function () {
      const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
      const room = await video.createRoom(request);
      await video.createGuestLink(room, grant);
      await video.simulateGuestJoin(room.roomId, grant.grantId);
      expect(await video.hasPatientJoined(room)).to.equal(false);
      expect(await video.guests(room.roomId)).to.deep.equal([{ grantId: 'grant-1', revoked: false, inCall: true }]);
    });

    it('revoking removes a guest from the call once, and the link stops working', async function () {
      const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
      const room = await video.createRoom(request);
      const link = await video.createGuestLink(room, grant);
      await video.simulateGuestJoin(room.roomId, grant.grantId);
      expect(await video.revokeGuest(room, link)).to.deep.equal({ removedFromCall: true });
      expect(await video.revokeGuest(room, link)).to.deep.equal({ removedFromCall: false });
      await expectRejection(() => video.simulateGuestJoin(room.roomId, grant.grantId), NotFoundError);
    });

    it('refuses an expired guest link', async function () {
      const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
      const room = await video.createRoom(request);
      await video.createGuestLink(room, { ...grant, expiresAt: '2000-01-01T00:00:00.000Z' });
      await expectRejection(() => video.simulateGuestJoin(room.roomId, grant.grantId), NotFoundError);
    });
  });

  it('keeps rooms in the store, so a new instance sees them', async function () {
    const first = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
    const room = await first.createRoom(request);
    await first.simulatePatientJoin(room.roomId);
    const second = plugin.create(resolvePluginOptions(plugin, {}), ctx).service as VideoSimulator;
    expect(await second.hasPatientJoined(room)).to.equal(true);
  });
});
