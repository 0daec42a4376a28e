import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { VideoCapabilities, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';

const ROOM_KEY_PREFIX = 'room:';

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
  readonly capabilities: VideoCapabilities = Object.freeze({ joinDetection: true, roleLinks: true, expiringLinks: false });
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

  private save(state: SimulatedRoomState): Promise<void> {
    return this.state.set(ROOM_KEY_PREFIX + state.roomId, state);
  }
}
