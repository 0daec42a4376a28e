import { expect } from 'chai';
import type { VideoProvider, VideoRoom, VideoRoomRequest } from '../contracts/video-provider.js';
import { estimateRandomBits } from './room-id-entropy.js';
import { harnessPerTest } from './harness-per-test.js';

/** What a video plugin's test hands the contract suite, fresh for every test. */
export interface VideoProviderHarness {
  provider: VideoProvider;
  /** Make the patient join the room (required when the provider declares `joinDetection`). */
  simulatePatientJoin?(room: VideoRoom): Promise<void>;
  /** Make someone other than the patient (the practitioner) join the room. */
  simulateOtherJoin?(room: VideoRoom): Promise<void>;
  teardown?(): Promise<void>;
}

export interface VideoProviderContractOptions {
  /** Shown in the suite title, e.g. `video-openvidu`. */
  name: string;
  setup: () => Promise<VideoProviderHarness>;
  /**
   * Extra suite capabilities. The provider's own `capabilities` (joinDetection, roleLinks,
   * expiringLinks) decide which of those tests run; undeclared ones are skipped.
   */
  capabilities?: string[];
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
  return [r.appointmentId, r.patientDisplayName, r.practitionerDisplayName, ...words.filter((w) => w.length > 3)]
    .map((s) => s.toLowerCase());
}

function expectNoLeak(room: VideoRoom, r: VideoRoomRequest): void {
  for (const [field, value] of [['roomId', room.roomId], ['patientLink', room.patientLink], ['practitionerLink', room.practitionerLink]] as const) {
    let decoded = value;
    try {
      decoded = decodeURIComponent(value.replace(/\+/g, ' '));
    } catch {
      // Not URI-encoded: compare the raw text.
    }
    for (const secret of secretsOf(r)) {
      expect(decoded.toLowerCase(), `${field} reveals "${secret}"`).to.not.include(secret);
    }
  }
}

/**
 * The shared suite every video provider must pass: unguessable rooms, no identifying data in
 * ids or links, idempotent close, and (when declared) role links and patient-join detection.
 *
 * @example
 * describeVideoProviderContract({
 *   name: 'video-openvidu',
 *   setup: async () => ({ provider, simulatePatientJoin: (room) => standIn.join(room, 'patient') }),
 * });
 */
export function describeVideoProviderContract(options: VideoProviderContractOptions): void {
  const collisionRooms = options.collisionRooms ?? 1000;

  describe(`VideoProvider contract: ${options.name}`, function () {
    const h = harnessPerTest(options.setup);

    it('creates a room with a room id and two usable links', async function () {
      const room = await h().provider.createRoom(request());
      expect(room.roomId).to.be.a('string').and.not.be.empty;
      expect(() => new URL(room.patientLink), 'patientLink is a URL').to.not.throw();
      expect(() => new URL(room.practitionerLink), 'practitionerLink is a URL').to.not.throw();
    });

    it(`gives ${collisionRooms} rooms distinct ids with at least 128 random bits`, async function () {
      this.timeout(60_000);
      const ids: string[] = [];
      for (let i = 0; i < collisionRooms; i++) ids.push((await h().provider.createRoom(request(i))).roomId);
      expect(new Set(ids).size, 'no collisions').to.equal(ids.length);
      expect(estimateRandomBits(ids), `random bits in room ids such as ${ids[0]}`).to.be.at.least(128);
    });

    it('puts neither the appointment id nor any name into the room id or links', async function () {
      const r = request(42);
      const room = await h().provider.createRoom(r);
      expectNoLeak(room, r);
    });

    it('gives patient and practitioner different links when it declares roleLinks', async function () {
      if (!h().provider.capabilities.roleLinks) this.skip();
      const room = await h().provider.createRoom(request());
      expect(room.patientLink).to.not.equal(room.practitionerLink);
    });

    it('sets a future expiry on links when it declares expiringLinks', async function () {
      if (!h().provider.capabilities.expiringLinks) this.skip();
      const r = request();
      const room = await h().provider.createRoom(r);
      expect(room.expiresAt, 'expiresAt').to.be.a('string');
      expect(Date.parse(room.expiresAt!)).to.be.at.least(Date.parse(r.end!));
    });

    it('closes a room idempotently', async function () {
      const room = await h().provider.createRoom(request());
      await h().provider.closeRoom(room);
      await h().provider.closeRoom(room);
    });

    it('reports the patient as joined only after the patient joins, when it declares joinDetection', async function () {
      const { provider, simulatePatientJoin } = h();
      if (!provider.capabilities.joinDetection) this.skip();
      if (!provider.hasPatientJoined) throw new Error(`${options.name}: declares joinDetection but has no hasPatientJoined()`);
      if (!simulatePatientJoin) throw new Error(`${options.name}: declares joinDetection; the harness must provide simulatePatientJoin()`);
      const room = await provider.createRoom(request());
      const untouched = await provider.createRoom(request(2));
      expect(await provider.hasPatientJoined(room), 'before the join').to.equal(false);
      await simulatePatientJoin.call(h(), room);
      expect(await provider.hasPatientJoined(room), 'after the join').to.equal(true);
      expect(await provider.hasPatientJoined(untouched), 'another room').to.equal(false);
    });

    it('gives a patient rejoin link into the same room, new and leaking nothing, when it offers patientRejoinLink', async function () {
      const { provider } = h();
      if (typeof provider.patientRejoinLink !== 'function') this.skip();
      const r = request(7);
      const room = await provider.createRoom(r);
      const rejoin = await provider.patientRejoinLink(room, r);
      expect(rejoin, 'a new link').to.not.be.oneOf([room.patientLink, room.practitionerLink]);
      expect(() => new URL(rejoin), 'a URL').to.not.throw();
      expectNoLeak({ ...room, patientLink: rejoin }, r);
      // The room is the same one: closing it still works.
      await provider.closeRoom(room);
    });

    it('does not count someone else joining as the patient, when it declares joinDetection', async function () {
      const { provider, simulateOtherJoin } = h();
      if (!provider.capabilities.joinDetection || !simulateOtherJoin) this.skip();
      const room = await provider.createRoom(request());
      await simulateOtherJoin.call(h(), room);
      expect(await provider.hasPatientJoined!(room)).to.equal(false);
    });
  });
}
