import assert from 'node:assert/strict';
import type { GuestGrant, GuestLink, VideoProvider, VideoRoom, VideoRoomRequest } from '../contracts/video-provider.js';
import type { HarnessRunner } from './harness-per-test.js';

/** The harness hooks the guest tests use; see `VideoProviderHarness`. */
export interface VideoGuestHarness {
  provider: VideoProvider;
  simulateGuestJoin?(room: VideoRoom, guest: GuestLink): Promise<void>;
}

const MINUTE = 60_000;

/** A grant as the host makes one: a random id, "Guest", valid until `expiresAt`. */
function grant(n: number, expiresAt: string): GuestGrant {
  return { grantId: `g_${n}_Vb3qM9tXk2Lw8RzP4nYc7D`, displayName: 'Guest', expiresAt };
}

/** The room's own expiry, or the consult's end when the provider does not say. */
function roomExpiry(room: VideoRoom, r: VideoRoomRequest): number {
  return Date.parse(room.expiresAt ?? r.end ?? r.start);
}

/**
 * The guest-link tests of the video contract, run only when the provider declares
 * `capabilities.guestLinks` (so they need `createGuestLink` and `revokeGuest`).
 */
export function describeGuestTests<H extends VideoGuestHarness>(
  name: string,
  t: HarnessRunner<H>,
  request: (n?: number) => VideoRoomRequest,
  secretsOf: (r: VideoRoomRequest) => string[],
): void {
  const { h } = t;
  const it = t.test;

  /** The provider's guest methods, or a clear failure when it declares guestLinks without them. */
  const guestApi = (provider: VideoProvider) => {
    if (!provider.createGuestLink || !provider.revokeGuest) throw new Error(`${name}: declares guestLinks but lacks createGuestLink() or revokeGuest()`);
    return { create: provider.createGuestLink.bind(provider), revoke: provider.revokeGuest.bind(provider) };
  };

  it('gives a guest a link of its own into the room, leaking nothing, when it declares guestLinks', async function (skip) {
    const { provider } = h();
    if (!provider.capabilities.guestLinks) return skip('guestLinks not declared');
    const r = request(11);
    const room = await provider.createRoom(r);
    const guest = await guestApi(provider).create(room, grant(1, new Date(roomExpiry(room, r)).toISOString()));
    assert.equal(guest.grantId, grant(1, '').grantId, 'grantId echoed');
    assert.ok(URL.canParse(guest.link), 'a URL');
    assert.ok(guest.link !== room.patientLink && guest.link !== room.practitionerLink, 'not the patient or practitioner link');
    let decoded = guest.link;
    try {
      decoded = decodeURIComponent(guest.link.replace(/\+/g, ' '));
    } catch {
      // Not URI-encoded: compare the raw text.
    }
    for (const secret of secretsOf(r)) assert.ok(!decoded.toLowerCase().includes(secret), `guest link reveals "${secret}"`);
    const other = await guestApi(provider).create(room, grant(2, new Date(roomExpiry(room, r)).toISOString()));
    assert.notEqual(other.link, guest.link, 'two guests, two links');
  });

  it('returns the same guest when asked again for the same grant (after a crash), when it declares guestLinks', async function (skip) {
    const { provider } = h();
    if (!provider.capabilities.guestLinks) return skip('guestLinks not declared');
    const r = request(12);
    const room = await provider.createRoom(r);
    const g = grant(3, new Date(roomExpiry(room, r)).toISOString());
    const first = await guestApi(provider).create(room, g);
    const again = await guestApi(provider).create(room, g);
    assert.equal(again.link, first.link, 'same link');
    assert.equal(again.expiresAt, first.expiresAt, 'same expiry');
  });

  it('ends a guest link no later than the grant and the room, when it declares guestLinks', async function (skip) {
    const { provider } = h();
    if (!provider.capabilities.guestLinks) return skip('guestLinks not declared');
    const r = request(13);
    const room = await provider.createRoom(r);
    const roomEnds = roomExpiry(room, r);
    const tooLong = await guestApi(provider).create(room, grant(4, new Date(roomEnds + 24 * 60 * MINUTE).toISOString()));
    // A room without its own expiry closes when the host closes it; the grant's end is then the bound.
    const bound = room.expiresAt === undefined ? roomEnds + 24 * 60 * MINUTE : roomEnds;
    assert.ok(Date.parse(tooLong.expiresAt) <= bound, `guest expiresAt ${tooLong.expiresAt} is after the room's (${new Date(bound).toISOString()})`);
    const shortGrant = new Date(roomEnds - 10 * MINUTE).toISOString();
    const short = await guestApi(provider).create(room, grant(5, shortGrant));
    assert.ok(Date.parse(short.expiresAt) <= Date.parse(shortGrant), `guest expiresAt ${short.expiresAt} is after the grant's (${shortGrant})`);
  });

  it('revokes a guest idempotently, when it declares guestLinks', async function (skip) {
    const { provider } = h();
    if (!provider.capabilities.guestLinks) return skip('guestLinks not declared');
    const r = request(14);
    const room = await provider.createRoom(r);
    const guest = await guestApi(provider).create(room, grant(6, new Date(roomExpiry(room, r)).toISOString()));
    const first = await guestApi(provider).revoke(room, guest);
    assert.equal(typeof first.removedFromCall, 'boolean');
    assert.equal(first.removedFromCall, false, 'nobody was in the call with this link');
    const second = await guestApi(provider).revoke(room, guest);
    assert.equal(second.removedFromCall, false, 'revoking twice removes nobody');
  });

  it('does not count a guest joining as the patient, when it declares guestLinks and joinDetection', async function (skip) {
    const { provider, simulateGuestJoin } = h();
    if (!provider.capabilities.guestLinks || !provider.capabilities.joinDetection || !simulateGuestJoin) {
      return skip('guestLinks or joinDetection not declared, or no simulateGuestJoin()');
    }
    const r = request(15);
    const room = await provider.createRoom(r);
    const guest = await guestApi(provider).create(room, grant(7, new Date(roomExpiry(room, r)).toISOString()));
    await simulateGuestJoin.call(h(), room, guest);
    assert.equal(await provider.hasPatientJoined!(room), false);
  });

  it('names the guests in the call (and only those, never the patient), when it declares guestJoinDetection', async function (skip) {
    const { provider, simulateGuestJoin } = h();
    if (!provider.capabilities.guestLinks || !provider.capabilities.guestJoinDetection || !simulateGuestJoin) {
      return skip('guestJoinDetection not declared, or no simulateGuestJoin()');
    }
    if (!provider.guestsInCall) throw new Error(`${name}: declares guestJoinDetection but lacks guestsInCall()`);
    const r = request(17);
    const room = await provider.createRoom(r);
    const until = new Date(roomExpiry(room, r)).toISOString();
    const joining = await guestApi(provider).create(room, grant(10, until));
    await guestApi(provider).create(room, grant(11, until));
    assert.deepEqual(await provider.guestsInCall(room), [], 'nobody has opened a guest link yet');
    await simulateGuestJoin.call(h(), room, joining);
    assert.deepEqual(await provider.guestsInCall(room), [joining.grantId]);
    await guestApi(provider).revoke(room, joining);
    assert.deepEqual(await provider.guestsInCall(room), [], 'a revoked guest is no longer in the call');
  });

  it('removes a guest from the call and refuses the link afterwards, when it declares guestRemoval', async function (skip) {
    const { provider, simulateGuestJoin } = h();
    if (!provider.capabilities.guestLinks || !provider.capabilities.guestRemoval || !simulateGuestJoin) {
      return skip('guestRemoval not declared, or no simulateGuestJoin()');
    }
    const r = request(16);
    const room = await provider.createRoom(r);
    const guest = await guestApi(provider).create(room, grant(8, new Date(roomExpiry(room, r)).toISOString()));
    await simulateGuestJoin.call(h(), room, guest);
    assert.deepEqual(await guestApi(provider).revoke(room, guest), { removedFromCall: true });
    await assert.rejects(simulateGuestJoin.call(h(), room, guest), 'the revoked link is refused');
    const unused = await guestApi(provider).create(room, grant(9, new Date(roomExpiry(room, r)).toISOString()));
    assert.deepEqual(await guestApi(provider).revoke(room, unused), { removedFromCall: false }, 'an unused link: nobody removed');
    await assert.rejects(simulateGuestJoin.call(h(), room, unused), 'a revoked unused link is refused');
  });
}
