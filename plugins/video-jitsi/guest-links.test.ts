import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import type { GuestGrant } from '@clinic-arrivals/plugin-kit';
import { ConfigError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { createTestContext, expectRejection, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin from './index.js';
import { consult, jitsiFixture, type JitsiFixture } from './test-support.js';

const MINUTE = 60_000;
// consult ends 09:45 +11:00; the fixture's grace is 30 minutes.
const ROOM_ENDS = '2026-11-22T23:15:00.000Z';
const grant = (overrides: Partial<GuestGrant> = {}): GuestGrant => ({
  grantId: 'gr_5kQ2vN8xW3mZ7pL1tR9yB4',
  displayName: 'Guest',
  expiresAt: ROOM_ENDS,
  ...overrides,
});
const claimsOf = (link: string) => jwt.decode(new URL(link).searchParams.get('jwt') ?? '') as jwt.JwtPayload & { context: { user: Record<string, unknown> } };

describe('video-jitsi guest links', function () {
  let f: JitsiFixture;
  beforeEach(async () => {
    f = await jitsiFixture();
  });
  afterEach(() => f.close());

  it('declares guest links with JWT, and never guest removal', function () {
    expect(f.provider.capabilities).to.deep.include({ guestLinks: true, guestRemoval: false });
  });

  it('declares no guest links without JWT: the link would be the plain room link, nothing enforced', async function () {
    const ctx = createTestContext();
    try {
      const open = plugin.create(resolvePluginOptions(plugin, {}), ctx).service;
      expect(open.capabilities).to.deep.include({ guestLinks: false, guestRemoval: false });
      const room = await open.createRoom(consult);
      await expectRejection(() => open.createGuestLink!(room, grant()), ConfigError);
    } finally {
      await ctx.close();
    }
  });

  it('signs a guest token for the same room: not moderator, the guest’s name, a random user id, exp no later than the room', async function () {
    const room = await f.provider.createRoom(consult);
    const guest = await f.provider.createGuestLink(room, grant({ displayName: 'Alex', expiresAt: '2026-11-24T00:00:00.000Z' }));
    const claims = claimsOf(guest.link);
    expect(claims.room).to.equal(room.roomId);
    expect(claims.context.user).to.include({ moderator: false, name: 'Alex' });
    expect(claims.context.user.id).to.match(/^guest-[A-Za-z0-9_-]{16}$/);
    expect(claims.exp).to.equal(Date.parse(ROOM_ENDS) / 1000);
    expect(guest.expiresAt).to.equal(ROOM_ENDS);
    expect(new URL(guest.link).pathname).to.equal(`/${room.roomId}`);
    expect(guest.link, 'no invite buttons for a guest either').to.include('config.disableInviteFunctions=true');
    for (const secret of ['appt-9917', 'Sam', 'Lee', 'Jones']) expect(decodeURIComponent(guest.link)).to.not.include(secret);

    const other = await f.provider.createGuestLink(room, grant({ grantId: 'gr_other_aaaaaaaaaaaaaaaaa' }));
    expect(claimsOf(other.link).context.user.id, 'a user id per grant').to.not.equal(claims.context.user.id);
    const short = await f.provider.createGuestLink(room, grant({ grantId: 'gr_short_aaaaaaaaaaaaaaaaa', expiresAt: '2026-11-22T22:50:00.000Z' }));
    expect(claimsOf(short.link).exp).to.equal(Date.parse('2026-11-22T22:50:00.000Z') / 1000);
  });

  it('returns the same link for the same grant, also from a fresh instance on the same store', async function () {
    const room = await f.provider.createRoom(consult);
    const first = await f.provider.createGuestLink(room, grant());
    f.clock.advance(5 * MINUTE);
    expect(await f.provider.createGuestLink(room, grant())).to.deep.equal(first);
    const again = plugin.create(f.options, f.ctx).service;
    expect(await again.createGuestLink!(room, grant())).to.deep.equal(first);
  });

  it('joins the same room as a guest (not moderator), and stops working when the room’s links expire', async function () {
    const room = await f.provider.createRoom(consult);
    const guest = await f.provider.createGuestLink(room, grant());
    const id = f.jitsi.joinWithLink(guest.link);
    expect(f.jitsi.occupants(room.roomId)).to.deep.equal([{ id, moderator: false, displayName: 'Guest', userId: claimsOf(guest.link).context.user.id }]);
    f.clock.set(ROOM_ENDS);
    expect(() => f.jitsi.joinWithLink(guest.link)).to.throw(/jwt expired/);
  });

  it('does not count a guest in the room as the patient (occupancy is not trusted while a guest link works)', async function () {
    const room = await f.provider.createRoom(consult);
    const guest = await f.provider.createGuestLink(room, grant({ expiresAt: '2026-11-22T22:50:00.000Z' }));
    const guestId = f.jitsi.joinWithLink(guest.link);
    const asked = () => f.jitsi.requests.filter((r) => r.path === '/room-size').length;
    expect(await f.provider.hasPatientJoined(room)).to.equal(false);
    expect(asked(), 'the room-size endpoint is not asked').to.equal(0);
    // Revoking changes nothing: the token still works until its exp.
    await f.provider.revokeGuest(room, guest);
    expect(await f.provider.hasPatientJoined(room)).to.equal(false);
    // Once the guest link has expired, occupancy counts again.
    f.jitsi.leave(room.roomId, guestId);
    f.clock.set('2026-11-22T22:50:00.000Z');
    f.jitsi.joinWithLink(room.patientLink);
    expect(await f.provider.hasPatientJoined(room)).to.equal(true);
  });

  it('records a revocation idempotently but removes nobody: the link works until its exp', async function () {
    const room = await f.provider.createRoom(consult);
    const guest = await f.provider.createGuestLink(room, grant());
    f.jitsi.joinWithLink(guest.link);
    expect(await f.provider.revokeGuest(room, guest)).to.deep.equal({ removedFromCall: false });
    expect(await f.provider.revokeGuest(room, guest)).to.deep.equal({ removedFromCall: false });
    expect(f.jitsi.occupants(room.roomId), 'still in the call').to.have.length(1);
    expect(() => f.jitsi.joinWithLink(guest.link), 'Jitsi cannot take a token back').to.not.throw();
    const stored = (await f.ctx.state.list<{ revokedAt?: number }>()).filter((e) => e.key.startsWith('guest:'));
    expect(stored.map((e) => e.value.revokedAt)).to.deep.equal([f.clock.now()]);
  });

  it('makes no guest link for a closed room, and no fresh link for a grant revoked from a store that lost it', async function () {
    const room = await f.provider.createRoom(consult);
    const guest = await f.provider.createGuestLink(room, grant());
    await f.provider.closeRoom(room);
    expect(
      (await f.ctx.state.list()).map((e) => e.key),
      'the room’s guests forgotten with it',
    ).to.deep.equal([]);
    await expectRejection(() => f.provider.createGuestLink(room, grant()), NotFoundError);

    const next = await f.provider.createRoom(consult);
    await f.provider.revokeGuest(next, { ...guest, link: 'lost' });
    await expectRejection(() => f.provider.createGuestLink(next, grant()), NotFoundError);
  });

  it('forgets guest links past their exp when it sweeps', async function () {
    const room = await f.provider.createRoom(consult);
    await f.provider.createGuestLink(room, grant({ expiresAt: '2026-11-22T22:50:00.000Z' }));
    f.clock.set('2026-11-22T22:51:00.000Z');
    await f.provider.sweep();
    expect((await f.ctx.state.list()).filter((e) => e.key.startsWith('guest:'))).to.deep.equal([]);
  });
});
