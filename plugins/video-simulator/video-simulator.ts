import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { GuestGrant, GuestLink, VideoCapabilities, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';

const ROOM_KEY_PREFIX = 'room:';
const GUEST_KEY_PREFIX = 'guest:';

/** One guest link: the host's grant id, its own token, and whether the guest is in the call. Nothing about the person. */
interface SimulatedGuestState {
  grantId: string;
  roomId: string;
  token: string;
  expiresAt: string;
  createdAt: number;
  revoked: boolean;
  inCall: boolean;
}

/** What the simulator remembers about a room. Nothing about the appointment or the people. */
interface SimulatedRoomState {
  roomId: string;
  patientToken: string;
  practitionerToken: string;
  createdAt: number;
  closed: boolean;
  patientJoined: boolean;
  practitionerJoined: boolean;
}

/** 128 random bits, URL-safe (22 characters). */
const randomId = (): string => randomBytes(16).toString('base64url');

/**
 * A video service that only pretends: rooms live in the store and "joins" are triggered
 * through the local API. A {@link VideoProvider} for the host, with the rooms and joins its API
 * routes (routes.ts) and tests use.
 */
export class VideoSimulator implements VideoProvider {
  readonly capabilities: VideoCapabilities = Object.freeze({
    joinDetection: true,
    roleLinks: true,
    expiringLinks: false,
    guestLinks: true,
    guestRemoval: true,
    guestJoinDetection: true,
  });
  private readonly baseUrl: string;

  constructor(
    private readonly state: PluginState,
    private readonly clock: Clock,
    baseUrl: string,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async createRoom(_request: VideoRoomRequest): Promise<VideoRoom> {
    // The request's appointment id and names are deliberately not used or stored.
    const state: SimulatedRoomState = {
      roomId: randomId(),
      patientToken: randomId(),
      practitionerToken: randomId(),
      createdAt: this.clock.now(),
      closed: false,
      patientJoined: false,
      practitionerJoined: false,
    };
    await this.save(state);
    return {
      roomId: state.roomId,
      patientLink: `${this.baseUrl}/join/${state.roomId}#p=${state.patientToken}`,
      practitionerLink: `${this.baseUrl}/join/${state.roomId}#d=${state.practitionerToken}`,
    };
  }

  async closeRoom(room: VideoRoom): Promise<void> {
    const state = await this.find(room.roomId);
    if (!state || state.closed) return;
    await this.save({ ...state, closed: true });
  }

  async hasPatientJoined(room: VideoRoom): Promise<boolean> {
    return (await this.find(room.roomId))?.patientJoined ?? false;
  }

  async rooms(): Promise<Array<{ roomId: string; closed: boolean; patientJoined: boolean }>> {
    const entries = await this.state.list<SimulatedRoomState>();
    return entries
      .filter((e) => e.key.startsWith(ROOM_KEY_PREFIX))
      .map((e) => e.value)
      .sort((a, b) => a.createdAt - b.createdAt || a.roomId.localeCompare(b.roomId))
      .map(({ roomId, closed, patientJoined }) => ({ roomId, closed, patientJoined }));
  }

  /** The patient opens their link. @throws NotFoundError for an unknown or closed room. */
  async simulatePatientJoin(roomId: string): Promise<void> {
    const state = await this.openRoom(roomId);
    await this.save({ ...state, patientJoined: true });
  }

  /** The practitioner opens their link (does not count as the patient joining). @throws NotFoundError */
  async simulatePractitionerJoin(roomId: string): Promise<void> {
    const state = await this.openRoom(roomId);
    await this.save({ ...state, practitionerJoined: true });
  }

  /** A guest's own link into the room: one per grant id (asked again, the same link). @throws NotFoundError for an unknown or closed room. */
  async createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    const existing = await this.findGuest(grant.grantId);
    const guest = existing ?? {
      grantId: grant.grantId,
      roomId: (await this.openRoom(room.roomId)).roomId,
      token: randomId(),
      expiresAt: earliest(grant.expiresAt, room.expiresAt),
      createdAt: this.clock.now(),
      revoked: false,
      inCall: false,
    };
    if (!existing) await this.saveGuest(guest);
    return { grantId: guest.grantId, link: `${this.baseUrl}/join/${guest.roomId}#g=${guest.token}`, expiresAt: guest.expiresAt };
  }

  /** Stops the guest's link and takes the guest out of the call. Revoking twice (or an unknown grant) succeeds. */
  async revokeGuest(_room: VideoRoom, link: GuestLink): Promise<{ removedFromCall: boolean }> {
    const guest = await this.findGuest(link.grantId);
    if (!guest || guest.revoked) return { removedFromCall: false };
    await this.saveGuest({ ...guest, revoked: true, inCall: false });
    return { removedFromCall: guest.inCall };
  }

  /**
   * The guest opens their link: never counts as the patient joining.
   * @throws NotFoundError for an unknown grant, a revoked or expired link, or a closed room.
   */
  async simulateGuestJoin(roomId: string, grantId: string): Promise<void> {
    const guest = await this.findGuest(grantId);
    if (!guest || guest.roomId !== roomId) throw new NotFoundError('video-simulator: no such guest link for this room');
    if (guest.revoked) throw new NotFoundError('video-simulator: the guest link was revoked');
    if (Date.parse(guest.expiresAt) <= this.clock.now()) throw new NotFoundError('video-simulator: the guest link has expired');
    await this.openRoom(roomId);
    await this.saveGuest({ ...guest, inCall: true });
  }

  /** Grant ids of the room's guests in the call (opened their link and not revoked). */
  async guestsInCall(room: VideoRoom): Promise<string[]> {
    return (await this.guests(room.roomId)).filter((g) => g.inCall && !g.revoked).map((g) => g.grantId);
  }

  /** The room's guests: grant id, revoked, in the call. */
  async guests(roomId: string): Promise<Array<{ grantId: string; revoked: boolean; inCall: boolean }>> {
    const entries = await this.state.list<SimulatedGuestState>();
    return entries
      .filter((e) => e.key.startsWith(GUEST_KEY_PREFIX) && e.value.roomId === roomId)
      .map((e) => e.value)
      .sort((a, b) => a.createdAt - b.createdAt || a.grantId.localeCompare(b.grantId))
      .map(({ grantId, revoked, inCall }) => ({ grantId, revoked, inCall }));
  }

  async health(): Promise<HealthReport> {
    const all = await this.rooms();
    const open = all.filter((r) => !r.closed).length;
    return { status: 'ok', detail: `${open} simulated rooms open`, data: { rooms: all.length, open } };
  }

  private async openRoom(roomId: string): Promise<SimulatedRoomState> {
    const state = await this.find(roomId);
    if (!state) throw new NotFoundError('video-simulator: no such room');
    if (state.closed) throw new NotFoundError('video-simulator: the room is closed');
    return state;
  }

  private find(roomId: string): Promise<SimulatedRoomState | undefined> {
    return this.state.get<SimulatedRoomState>(ROOM_KEY_PREFIX + roomId);
  }

  private findGuest(grantId: string): Promise<SimulatedGuestState | undefined> {
    return this.state.get<SimulatedGuestState>(GUEST_KEY_PREFIX + grantId);
  }

  private saveGuest(guest: SimulatedGuestState): Promise<void> {
    return this.state.set(GUEST_KEY_PREFIX + guest.grantId, guest);
  }

  private save(state: SimulatedRoomState): Promise<void> {
    return this.state.set(ROOM_KEY_PREFIX + state.roomId, state);
  }
}

/** A guest link ends with the grant or the room, whichever is first. */
function earliest(grantEnds: string, roomEnds: string | undefined): string {
  return roomEnds !== undefined && Date.parse(roomEnds) < Date.parse(grantEnds) ? roomEnds : grantEnds;
}
