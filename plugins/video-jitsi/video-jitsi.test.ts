import { expect } from 'chai';
import { validatePluginOptions } from '../../core/config/validate.js';
import { ManualClock, OptionsSchemaError, createTestContext, resolvePluginOptions, type TestContext } from '@clinic-arrivals/plugin-kit/testing';
import plugin from './index.js';
import { consult, TEST_APP_ID, TEST_SECRET } from './test-support.js';

const problemsOf = (raw: unknown): string[] => {
  try {
    resolvePluginOptions(plugin, raw);
  } catch (error) {
    if (error instanceof OptionsSchemaError) return error.problems;
    throw error;
  }
  throw new Error('options were accepted');
};

describe('video-jitsi plugin', function () {
  let ctx: TestContext;
  let clock: ManualClock;
  beforeEach(async () => {
    clock = new ManualClock('2026-11-23T08:00:00+11:00');
    ctx = createTestContext({ clock });
  });
  afterEach(() => ctx.close());

  describe('options', function () {
    it('declares its manifest and fills defaults', function () {
      expect(plugin.manifest).to.deep.include({ id: 'video-jitsi', role: 'video', hostApi: '^2' });
      expect(resolvePluginOptions(plugin, {})).to.deep.equal({
        domain: 'meet.jit.si',
        jwtAudience: 'jitsi',
        graceMinutes: 30,
        assumedDurationMinutes: 60,
        roomSizeTimeoutMs: 5000,
        joinDetection: 'off',
        displayNamesInTokens: true,
        linkHints: { prejoinPage: true, lobbyAutoKnock: false, doNotStoreRoom: true, hideInviteFunctions: true },
      });
      expect((plugin.optionsSchema.properties as Record<string, Record<string, unknown>>).jwtSecret!['x-secret']).to.equal(true);
    });

    it('rejects a URL where a host name belongs, unknown keys and bad numbers', function () {
      expect(problemsOf({ domain: 'https://meet.jit.si/' }).join('\n')).to.include('/domain');
      expect(problemsOf({ domian: 'x.test' }).join('\n')).to.include('must NOT have additional properties');
      expect(problemsOf({ graceMinutes: -5 }).join('\n')).to.include('/graceMinutes');
      expect(problemsOf({ linkHints: { lobby: true } }).join('\n')).to.include('/linkHints');
      expect(problemsOf({ roomSizeUrl: 'ftp://x/room-size' }).join('\n')).to.include('/roomSizeUrl');
    });

    it('needs the JWT app id and secret together, and a secret of some length', function () {
      expect(problemsOf({ jwtSecret: TEST_SECRET }).join('\n')).to.include('jwtAppId');
      expect(problemsOf({ jwtAppId: TEST_APP_ID }).join('\n')).to.include('jwtSecret');
      expect(problemsOf({ jwtAppId: TEST_APP_ID, jwtSecret: 'short' }).join('\n')).to.include('/jwtSecret');
    });

    it('allows any-occupant join detection only with a room-size endpoint and JWT', function () {
      const problems = problemsOf({ joinDetection: 'any-occupant' }).join('\n');
      expect(problems).to.include('roomSizeUrl').and.include('jwtAppId');
      expect(problemsOf({ joinDetection: 'any-occupant', roomSizeUrl: 'https://v.test/room-size' }).join('\n')).to.include('jwtSecret');
      expect(problemsOf({ joinDetection: 'patient' }).join('\n')).to.include('/joinDetection');
      expect(() =>
        resolvePluginOptions(plugin, { joinDetection: 'any-occupant', roomSizeUrl: 'https://v.test/room-size', jwtAppId: TEST_APP_ID, jwtSecret: TEST_SECRET }),
      ).to.not.throw();
    });
  });

  it('gives the operator one clear line per cross-field mistake, never echoing the secret', function () {
    const lines = (raw: Record<string, unknown>) => validatePluginOptions(plugin, 'video', raw, { fileLabel: 'clinicarrivals.config.yaml' }).problems;
    expect(lines({ joinDetection: 'any-occupant' })).to.deep.equal([
      'clinicarrivals.config.yaml: video.options: joinDetection "any-occupant" needs roomSizeUrl (Prosody mod_muc_size) and JWT (jwtAppId and jwtSecret) [video-jitsi]',
    ]);
    expect(lines({ jwtSecret: TEST_SECRET })).to.deep.equal([
      'clinicarrivals.config.yaml: video.options: jwtSecret needs jwtAppId: set both for a JWT-secured deployment, or neither [video-jitsi]',
    ]);
    expect(lines({ jwtAppId: TEST_APP_ID, jwtSecret: 'short-secret' }).join('\n'))
      .to.include('video.options.jwtSecret')
      .and.not.include('short-secret');
  });

  describe('capabilities and health', function () {
    it('declares role links and expiry only with JWT, and join detection only when asked for', function () {
      const jwtOnly = plugin.create(resolvePluginOptions(plugin, { jwtAppId: TEST_APP_ID, jwtSecret: TEST_SECRET }), ctx).service;
      expect(jwtOnly.capabilities).to.deep.equal({ joinDetection: false, roleLinks: true, expiringLinks: true, guestLinks: true, guestRemoval: false });
      const roomSizeButOff = plugin.create(
        resolvePluginOptions(plugin, { jwtAppId: TEST_APP_ID, jwtSecret: TEST_SECRET, roomSizeUrl: 'https://v.test/room-size' }),
        ctx,
      ).service;
      expect(roomSizeButOff.capabilities.joinDetection).to.equal(false);
    });

    it('says on the status page that without JWT anyone with the link can join', async function () {
      const instance = plugin.create(resolvePluginOptions(plugin, {}), ctx);
      await instance.service.createRoom(consult);
      const health = await instance.checkHealth!();
      expect(health.status).to.equal('ok');
      expect(health.detail).to.include('anyone with a room link can join');
      expect(health.data).to.deep.equal({ openRooms: 1, jwt: false, joinDetection: false });
    });

    it('describes a JWT deployment without that warning', async function () {
      const health = await plugin.create(resolvePluginOptions(plugin, { jwtAppId: TEST_APP_ID, jwtSecret: TEST_SECRET }), ctx).checkHealth!();
      expect(health.detail).to.include('JWT-secured').and.not.include('anyone');
      expect(JSON.stringify(health)).to.not.include(TEST_SECRET);
    });
  });

  describe('start-up sweep', function () {
    it('forgets rooms past their appointment end plus grace, and keeps the others', async function () {
      const before = plugin.create(resolvePluginOptions(plugin, { graceMinutes: 10 }), ctx);
      const early = await before.service.createRoom({ ...consult, start: '2026-11-23T08:30:00+11:00', end: '2026-11-23T08:45:00+11:00' });
      const later = await before.service.createRoom({ ...consult, start: '2026-11-23T10:00:00+11:00', end: '2026-11-23T10:15:00+11:00' });
      // The host crashed; it comes back after the first room's expiry (08:55) but before the second's.
      clock.set('2026-11-23T09:00:00+11:00');
      const after = plugin.create(resolvePluginOptions(plugin, { graceMinutes: 10 }), ctx);
      expect((await after.checkHealth!()).data).to.include({ openRooms: 1 });
      await after.start!();
      const kept = (await ctx.state.list<{ room: string }>()).map((e) => e.value.room);
      expect(kept).to.deep.equal([later.roomId]);
      expect(kept).to.not.include(early.roomId);
      await after.service.closeRoom(early);
      await after.service.closeRoom(later);
      expect(await ctx.state.list()).to.deep.equal([]);
    });

    it('also forgets expired rooms on a later createRoom in a long-running host', async function () {
      const video = plugin.create(resolvePluginOptions(plugin, { graceMinutes: 10 }), ctx).service;
      const old = await video.createRoom(consult);
      clock.set('2026-11-24T08:00:00+11:00');
      const fresh = await video.createRoom({ ...consult, start: '2026-11-24T09:30:00+11:00', end: '2026-11-24T09:45:00+11:00' });
      const kept = (await ctx.state.list<{ room: string }>()).map((e) => e.value.room);
      expect(kept).to.deep.equal([fresh.roomId]);
      expect(kept).to.not.include(old.roomId);
    });
  });
});
