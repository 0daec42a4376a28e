import assert from 'node:assert/strict';
import type { GuestLink, VideoProvider, VideoRoom, VideoRoomRequest } from '../contracts/video-provider.js';
import { assertNonEmptyString } from './assertions.js';
import { checkCapabilities } from './capabilities.js';
import { estimateRandomBits } from './room-id-entropy.js';
import { harnessPerTest } from './harness-per-test.js';
import { suiteRunner, type TestApi } from './test-api.js';
import { describeGuestTests } from './video-guest-contract.js';

/** What a video plugin's test hands the contract suite, fresh for every test. */
export interface VideoProviderHarness {
  provider: VideoProvider;
  /** Make the patient join the room (required when the provider declares `joinDetection`). */
  simulatePatientJoin?(room: VideoRoom): Promise<void>;
  /** Make someone other than the patient (the practitioner) join the room. */
  simulateOtherJoin?(room: VideoRoom): Promise<void>;
  /**
   * Make a guest join with their link (used when the provider declares `guestLinks`). Rejects
   * when the provider refuses the link, as a revoked or expired link must be.
   */
  simulateGuestJoin?(room: VideoRoom, guest: GuestLink): Promise<void>;
  teardown?(): Promise<void>;
}

/**
 * Suite capabilities beyond the provider's own. None are defined yet: the provider's
 * `capabilities` (joinDetection, roleLinks, expiringLinks, guestLinks, guestRemoval) decide
 * which optional tests run.
 */
export const VIDEO_PROVIDER_CAPABILITIES = [] as const;
export type VideoProviderCapability = (typeof VIDEO_PROVIDER_CAPABILITIES)[number];

export interface VideoProviderContractOptions {
  /** Shown in the suite title, e.g. `video-openvidu`. */
  name: string;
  setup: () => Promise<VideoProviderHarness>;
  /** See {@link VIDEO_PROVIDER_CAPABILITIES} (none yet, so only `[]` compiles). */
  capabilities?: readonly VideoProviderCapability[];
  /** How many rooms the collision test creates. @default 1000 */
  collisionRooms?: number;
}

const request = (n = 1): VideoRoomRequest => ({
  appointmentId: `appt-Qz7Wk${n}`,
  start: '2031-03-04T09:30:00+11:00',
  end: '2031-03-04T09:45:00+11:00',
  patientDisplayName: 'Zelda Quixote-Marchbanks',
  practitionerDisplayName: 'Dr Ophelia Wrenfield',
});

/** Strings that must never show up in a room id or link. */
function secretsOf(r: VideoRoomRequest): string[] {
  const words = [r.patientDisplayName, r.practitionerDisplayName].flatMap((name) => name.split(/[\s-]+/));
  return [r.appointmentId, r.patientDisplayName, r.practitionerDisplayName, ...words.filter((w) => w.length > 3)].map((s) => s.toLowerCase());
}

function expectNoLeak(room: VideoRoom, r: VideoRoomRequest): void {
  for (const [field, value] of [
    ['roomId', room.roomId],
    ['patientLink', room.patientLink],
    ['practitionerLink', room.practitionerLink],
  ] as const) {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // Not URI-encoded: compare the raw text.
    }
    for (const secret of secretsOf(r)) {
      assert.ok(!decoded.toLowerCase().includes(secret), `${field} reveals "${secret}"`);
    }
  }
}

/**
 * The shared suite every video provider must pass: unguessable rooms, no identifying data in
 * ids or links, idempotent close, and (when declared) role links, patient-join detection and
 * guest links (never the patient's link, idempotent per grant, ending with the room, revocable).
 *
 * @example
 * describeVideoProviderContract({
 *   name: 'video-openvidu',
 *   setup: async () => ({ provider, simulatePatientJoin: (room) => standIn.join(room, 'patient') }),
 * });
 */
export function describeVideoProviderContract(options: VideoProviderContractOptions, test?: TestApi): void {
  const suite = 'describeVideoProviderContract';
  checkCapabilities(suite, options.capabilities, VIDEO_PROVIDER_CAPABILITIES);
  const runner = suiteRunner(suite, test);
  const collisionRooms = options.collisionRooms ?? 1000;

  runner.describe(`VideoProvider contract: ${options.name}`, function () {
    const t = harnessPerTest(runner, options.setup);
    const { h } = t;
    const it = t.test;

    it('creates a room with a room id and two usable links', async function () {
      const room = await h().provider.createRoom(request());
      assertNonEmptyString(room.roomId, 'roomId');
      assert.ok(URL.canParse(room.patientLink), 'patientLink is a URL');
      assert.ok(URL.canParse(room.practitionerLink), 'practitionerLink is a URL');
    });

    it(
      `gives ${collisionRooms} rooms distinct ids with at least 128 random bits`,
      async function () {
        const ids: string[] = [];
        for (let i = 0; i < collisionRooms; i++) ids.push((await h().provider.createRoom(request(i))).roomId);
        assert.equal(new Set(ids).size, ids.length, 'no collisions');
        const bits = estimateRandomBits(ids);
        assert.ok(bits >= 128, `random bits in room ids such as ${ids[0]}: ${bits}, expected at least 128`);
      },
      { timeoutMs: 60_000 },
    );

    it('puts neither the appointment id nor any name into the room id or links', async function () {
      const r = request(42);
      const room = await h().provider.createRoom(r);
      expectNoLeak(room, r);
    });

    it('gives patient and practitioner different links when it declares roleLinks', async function (skip) {
      if (!h().provider.capabilities.roleLinks) return skip('roleLinks not declared');
      const room = await h().provider.createRoom(request());
      assert.notEqual(room.patientLink, room.practitionerLink);
    });

    it('sets a future expiry on links when it declares expiringLinks', async function (skip) {
      if (!h().provider.capabilities.expiringLinks) return skip('expiringLinks not declared');
      const r = request();
      const room = await h().provider.createRoom(r);
      assertNonEmptyString(room.expiresAt, 'expiresAt');
      assert.ok(Date.parse(room.expiresAt) >= Date.parse(r.end!), `expiresAt ${room.expiresAt} is not before the consult ends (${r.end})`);
    });

    it('closes a room idempotently', async function () {
      const room = await h().provider.createRoom(request());
      await h().provider.closeRoom(room);
      await h().provider.closeRoom(room);
    });

    it('reports the patient as joined only after the patient joins, when it declares joinDetection', async function (skip) {
      const { provider, simulatePatientJoin } = h();
      if (!provider.capabilities.joinDetection) return skip('joinDetection not declared');
      if (!provider.hasPatientJoined) throw new Error(`${options.name}: declares joinDetection but has no hasPatientJoined()`);
      if (!simulatePatientJoin) throw new Error(`${options.name}: declares joinDetection; the harness must provide simulatePatientJoin()`);
      const room = await provider.createRoom(request());
      const untouched = await provider.createRoom(request(2));
      assert.equal(await provider.hasPatientJoined(room), false, 'before the join');
      await simulatePatientJoin.call(h(), room);
      assert.equal(await provider.hasPatientJoined(room), true, 'after the join');
      assert.equal(await provider.hasPatientJoined(untouched), false, 'another room');
    });

    it('gives a patient rejoin link into the same room, new and leaking nothing, when it offers patientRejoinLink', async function (skip) {
      const { provider } = h();
      if (typeof provider.patientRejoinLink !== 'function') return skip('no patientRejoinLink()');
      const r = request(7);
      const room = await provider.createRoom(r);
      const rejoin = await provider.patientRejoinLink(room, r);
      assert.ok(rejoin !== room.patientLink && rejoin !== room.practitionerLink, 'a new link');
      assert.ok(URL.canParse(rejoin), 'a URL');
      expectNoLeak({ ...room, patientLink: rejoin }, r);
      // The room is the same one: closing it still works.
      await provider.closeRoom(room);
    });

    it('does not count someone else joining as the patient, when it declares joinDetection', async function (skip) {
      const { provider, simulateOtherJoin } = h();
      if (!provider.capabilities.joinDetection || !simulateOtherJoin) return skip('joinDetection not declared or no simulateOtherJoin()');
      const room = await provider.createRoom(request());
      await simulateOtherJoin.call(h(), room);
      assert.equal(await provider.hasPatientJoined!(room), false);
    });

    describeGuestTests(options.name, t, request, secretsOf);
  });
}
