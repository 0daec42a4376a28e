import { createHash } from 'node:crypto';
import type { PluginState } from '@clinic-arrivals/plugin-kit';

const GUEST_PREFIX = 'guest:';

/** What the plugin remembers about one guest link, in the host's store (survives restarts). */
export interface GuestRecord {
  roomId: string;
  grantId: string;
  connectionId: string;
  link: string;
  /** Epoch ms: the guest's connection is deleted then (a sweep), or with the room. */
  expiresAt: number;
  /** When the host revoked the link (the connection was deleted). */
  revokedAt?: number;
}

/**
 * sha256 of a grant id, written into the guest connection's server data: it finds the
 * connection again after a crash, and the others in the call (who can read server data) never
 * see the id the host uses for the grant.
 */
export function grantKey(grantId: string): string {
  return createHash('sha256').update(grantId, 'utf8').digest('base64url');
}

/** The guest links of open rooms, kept as plugin state next to the room list. */
export class GuestBook {
  constructor(private readonly state: PluginState) {}

  get(roomId: string, grantId: string): Promise<GuestRecord | undefined> {
    return this.state.get<GuestRecord>(keyOf(roomId, grantId));
  }

  save(record: GuestRecord): Promise<void> {
    return this.state.set(keyOf(record.roomId, record.grantId), record);
  }

  /** Every guest of one room. */
  async forRoom(roomId: string): Promise<GuestRecord[]> {
    return (await this.all()).filter((g) => g.roomId === roomId);
  }

  async all(): Promise<GuestRecord[]> {
    const entries = await this.state.list<GuestRecord>();
    return entries.filter((e) => e.key.startsWith(GUEST_PREFIX)).map((e) => e.value);
  }

  /** Forgets every guest of a room (with the room). */
  async forgetRoom(roomId: string): Promise<void> {
    for (const guest of await this.forRoom(roomId)) await this.state.set(keyOf(guest.roomId, guest.grantId), undefined);
  }
}

// Hashed so that keys have one length and alphabet whatever the host's grant ids look like.
const keyOf = (roomId: string, grantId: string): string => `${GUEST_PREFIX}${roomId}:${grantKey(grantId)}`;
