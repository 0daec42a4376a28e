import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import { ManualClock, createTestContext, resolvePluginOptions, type TestContext } from '@clinic-arrivals/plugin-kit/testing';
import plugin from './index.js';
import { ROOM_NAME_LENGTH, randomRoomName } from './room-names.js';
import { consult, jitsiFixture, TEST_APP_ID, TEST_DOMAIN, TEST_SECRET, type JitsiFixture } from './test-support.js';

const MINUTE = 60_000;
const tokenOf = (link: string): string => new URL(link).searchParams.get('jwt') ?? '';
const verify = (token: string, clock: ManualClock) =>
  jwt.verify(token, TEST_SECRET, {
    algorithms: ['HS256'],
    audience: 'jitsi',
    issuer: TEST_APP_ID,
    subject: TEST_DOMAIN,
    clockTimestamp: Math.floor(clock.now() / 1000),
  }) as jwt.JwtPayload;

describe('video-jitsi room names', function () {
  it('are 26 characters of a-z2-7 (130 bits), different on every call, and 10,000 do not collide', function () {
    const names = Array.from({ length: 10_000 }, () => randomRoomName());
    for (const name of names) expect(name).to.match(/^[a-z2-7]{26}$/);
    expect(ROOM_NAME_LENGTH * Math.log2(32)).to.be.at.least(128);
    expect(new Set(names).size).to.equal(names.length);
    // Every symbol of the alphabet shows up: the generator is not stuck on a subset.
    expect(new Set(names.join('')).size).to.equal(32);
  });
});

describe('video-jitsi links without JWT (public service)', function () {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = createTestContext();
  });
  afterEach(() => ctx.close());

  it('links to https://meet.jit.si/<room> with config hints, no token and no expiry', async function () {
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
    const room = await video.createRoom(consult);
    expect(room.patientLink).to.equal(
      `https://meet.jit.si/${room.roomId}#config.prejoinConfig.enabled=true&config.doNotStoreRoom=true&config.disableInviteFunctions=true`,
    );
    expect(room.practitionerLink).to.equal(`https://meet.jit.si/${room.roomId}#config.prejoinConfig.enabled=true&config.doNotStoreRoom=true`);
    expect(room.expiresAt).to.equal(undefined);
    expect(video.capabilities).to.deep.equal({ joinDetection: false, roleLinks: false, expiringLinks: false, guestLinks: false, guestRemoval: false });
  });

  it('adds the lobby hint to the patient link only, and drops hints that are turned off', async function () {
    const options = resolvePluginOptions(plugin, {
      domain: 'video.clinic.test:8443',
      linkHints: { prejoinPage: false, lobbyAutoKnock: true, doNotStoreRoom: false, hideInviteFunctions: false },
    });
    const room = await plugin.create(options, ctx).service.createRoom(consult);
    expect(room.patientLink).to.equal(`https://video.clinic.test:8443/${room.roomId}#config.prejoinConfig.enabled=false&config.lobby.autoKnock=true`);
    expect(room.practitionerLink).to.equal(`https://video.clinic.test:8443/${room.roomId}#config.prejoinConfig.enabled=false`);
  });

  it("sets Jitsi's own UI language on the patient link only (config.defaultLanguage), Chinese by Jitsi's region names", async function () {
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
    const room = await video.createRoom({ ...consult, language: 'vi' });
    expect(room.patientLink).to.equal(
      `https://meet.jit.si/${room.roomId}#config.prejoinConfig.enabled=true&config.doNotStoreRoom=true&config.disableInviteFunctions=true&config.defaultLanguage=%22vi%22`,
    );
    expect(room.practitionerLink).not.to.include('defaultLanguage');
    const hintOf = async (language: string) =>
      new URL((await video.createRoom({ ...consult, language })).patientLink).hash.split('&').find((pair) => pair.startsWith('config.defaultLanguage='));
    expect(await hintOf('zh-Hans')).to.equal('config.defaultLanguage=%22zh-CN%22');
    expect(await hintOf('zh-HK')).to.equal('config.defaultLanguage=%22zh-TW%22');
    expect(await hintOf('ar')).to.equal('config.defaultLanguage=%22ar%22');
    expect(await hintOf('vi"&config.x=1'), 'a malformed tag is left out').to.equal(undefined);
  });

  it('keeps only the room name and times in the store, nothing about the appointment or people', async function () {
    const video = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
    const room = await video.createRoom(consult);
    const stored = await ctx.state.list();
    expect(stored).to.have.length(1);
    expect(stored[0]!.value).to.have.all.keys('room', 'createdAt', 'forgetAt');
    expect(JSON.stringify(stored))
      .to.include(room.roomId)
      .and.not.match(/appt-9917|Sam|Lee|Jones/);
  });
});

describe('video-jitsi links with JWT', function () {
  let f: JitsiFixture;
  beforeEach(async () => {
    f = await jitsiFixture({ graceMinutes: 20, joinDetection: 'off' });
  });
  afterEach(() => f.close());

  it('signs a token per link for the right room, with moderator only for the practitioner', async function () {
    const room = await f.provider.createRoom(consult);
    const patient = verify(tokenOf(room.patientLink), f.clock);
    const practitioner = verify(tokenOf(room.practitionerLink), f.clock);
    expect(patient).to.deep.include({ aud: 'jitsi', iss: TEST_APP_ID, sub: TEST_DOMAIN, room: room.roomId });
    expect(practitioner).to.deep.include({ aud: 'jitsi', iss: TEST_APP_ID, sub: TEST_DOMAIN, room: room.roomId });
    expect(patient.context).to.deep.equal({ user: { name: 'Sam Lee', moderator: false } });
    expect(practitioner.context).to.deep.equal({ user: { name: 'Dr Jones', moderator: true } });
    expect(room.patientLink).to.match(new RegExp(`^https://${TEST_DOMAIN}/${room.roomId}\\?jwt=[A-Za-z0-9._-]+#config\\.`));
    expect(f.provider.capabilities).to.deep.equal({ joinDetection: false, roleLinks: true, expiringLinks: true, guestLinks: true, guestRemoval: false });
  });

  it('expires the tokens at the appointment end plus grace, and an expired token fails verification', async function () {
    const room = await f.provider.createRoom(consult);
    const expiry = Date.parse(consult.end!) + 20 * MINUTE;
    expect(room.expiresAt).to.equal(new Date(expiry).toISOString());
    const token = tokenOf(room.patientLink);
    expect(verify(token, f.clock).exp).to.equal(expiry / 1000);

    f.clock.set(expiry - 1000);
    expect(() => verify(token, f.clock)).to.not.throw();
    f.clock.set(expiry);
    expect(() => verify(token, f.clock)).to.throw(jwt.TokenExpiredError);
    // The deployment (stand-in) refuses the join as well.
    expect(() => f.jitsi.joinWithLink(room.patientLink)).to.throw(/jwt expired/);
  });

  it('is not valid before it was issued (less a minute for server clock skew)', async function () {
    const room = await f.provider.createRoom(consult);
    const token = tokenOf(room.practitionerLink);
    f.clock.advance(-2 * MINUTE);
    expect(() => verify(token, f.clock)).to.throw(jwt.NotBeforeError);
  });

  it('gives a token that the deployment refuses for any other room', async function () {
    const first = await f.provider.createRoom(consult);
    const second = await f.provider.createRoom(consult);
    expect(first.roomId).to.not.equal(second.roomId);
    expect(() => f.jitsi.joinWithLink(first.patientLink)).to.not.throw();
    const crossed = first.patientLink.replace(tokenOf(first.patientLink), tokenOf(second.patientLink));
    expect(() => f.jitsi.joinWithLink(crossed)).to.throw(/another room/);
  });

  it('assumes the configured length for an appointment without an end, and never issues an already expired link', async function () {
    const open = await f.provider.createRoom({ ...consult, end: undefined });
    expect(open.expiresAt).to.equal(new Date(Date.parse(consult.start) + 60 * MINUTE + 20 * MINUTE).toISOString());
    f.clock.set(Date.parse(consult.end!) + 3 * 60 * MINUTE);
    const late = await f.provider.createRoom(consult);
    expect(late.expiresAt).to.equal(new Date(f.clock.now() + 20 * MINUTE).toISOString());
  });

  it('leaves the names out of the tokens when displayNamesInTokens is false', async function () {
    const g = await jitsiFixture({ displayNamesInTokens: false, joinDetection: 'off' });
    try {
      const room = await g.provider.createRoom(consult);
      expect(verify(tokenOf(room.patientLink), g.clock).context).to.deep.equal({ user: { moderator: false } });
      expect(verify(tokenOf(room.practitionerLink), g.clock).context).to.deep.equal({ user: { moderator: true } });
    } finally {
      await g.close();
    }
  });
});
