import { createHash } from 'node:crypto';
import type { PluginState } from '@clinic-arrivals/plugin-kit';

export const PLUGIN_ID = 'video-openvidu';
const ROOM_PREFIX = 'room:';
const APPOINTMENT_PREFIX = 'appointment:';

/** What the plugin remembers about one open room, in the host's store (survives restarts). */
export interface RoomRecord {
  roomId: string;
  /** sha256 of the appointment id: finds the room again without keeping the id itself. */
  appointmentKey: string;
  patientConnectionId: string;
  practitionerConnectionId: string;
  patientLink: string;
  practitionerLink: string;
  /** Appointment start and end as requested; a moved appointment gets a new room. */
  start: string;
  end?: string;
  /** Epoch ms after which the links must stop working (end + grace). */
  expiresAt: number;
  createdAt: number;
  /** OpenVidu no longer knows the session (closed by its garbage collector or by hand). */
  goneAt?: number;
  /** When the patient's connection was first seen in use. */
  patientJoinedAt?: number;
}

/** Hash under which a room is found by appointment. */
export function appointmentKey(appointmentId: string): string {
  return createHash('sha256').update(appointmentId, 'utf8').digest('base64url');
}

/**
 * The list of open rooms, kept as plugin state: one entry per room plus an appointment index.
 * Entries are deleted when a room is closed, so the list stays as small as the day's consults.
 */
export class RoomBook {
  constructor(private readonly state: PluginState) {}

  get(roomId: string): Promise<RoomRecord | undefined> {
    return this.state.get<RoomRecord>(ROOM_PREFIX + roomId);
  }

  async forAppointment(appointmentId: string): Promise<RoomRecord | undefined> {
    const roomId = await this.state.get<string>(APPOINTMENT_PREFIX + appointmentKey(appointmentId));
    return roomId === undefined ? undefined : this.get(roomId);
  }

  async save(record: RoomRecord): Promise<void> {
    await this.state.set(ROOM_PREFIX + record.roomId, record);
    await this.state.set(APPOINTMENT_PREFIX + record.appointmentKey, record.roomId);
  }

  async remove(record: RoomRecord): Promise<void> {
    await this.state.set(ROOM_PREFIX + record.roomId, undefined);
    const indexKey = APPOINTMENT_PREFIX + record.appointmentKey;
    // A newer room for the same appointment owns the index entry by now: leave it alone.
    if ((await this.state.get<string>(indexKey)) === record.roomId) {
      await this.state.set(indexKey, undefined);
    }
  }

  async all(): Promise<RoomRecord[]> {
    const entries = await this.state.list<RoomRecord>();
    return entries.filter((e) => e.key.startsWith(ROOM_PREFIX)).map((e) => e.value);
  }
}
