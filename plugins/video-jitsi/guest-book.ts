import { createHash } from 'node:crypto';
import type { PluginState } from '@clinic-arrivals/plugin-kit';

const GUEST_KEY_PREFIX = 'guest:';

/** What the plugin remembers about one guest link: the link itself (so asking again returns it) and its life. */
export interface JitsiGuestRecord {
  room: string;
  grantId: string;
  /** Empty when only the revocation is known (revoked from a store that had lost the link). */
  link: string;
  /** Epoch ms: the token's `exp`. Until then the link works, revoked or not (see README.md). */
  expiresAt: number;
  /** When the host revoked the link: recorded, not enforceable by Jitsi. */
  revokedAt?: number;
}

/** The guest links of open rooms, kept in the host's store next to the rooms. */
export class JitsiGuestBook {
  constructor(private readonly state: PluginState) {}

  find(room: string, grantId: string): Promise<JitsiGuestRecord | undefined> {
    return this.state.get<JitsiGuestRecord>(keyOf(room, grantId));
  }

  remember(record: JitsiGuestRecord): Promise<void> {
    return this.state.set(keyOf(record.room, record.grantId), record);
  }

  async forRoom(room: string): Promise<JitsiGuestRecord[]> {
    return (await this.list()).filter((g) => g.room === room);
  }

  async list(): Promise<JitsiGuestRecord[]> {
    const entries = await this.state.list<JitsiGuestRecord>();
    return entries.filter((e) => e.key.startsWith(GUEST_KEY_PREFIX)).map((e) => e.value);
  }

  async forget(record: JitsiGuestRecord): Promise<void> {
    await this.state.set(keyOf(record.room, record.grantId), undefined);
  }
}

// Hashed so that keys have one length and alphabet whatever the host's grant ids look like.
const keyOf = (room: string, grantId: string): string => `${GUEST_KEY_PREFIX}${room}:${createHash('sha256').update(grantId, 'utf8').digest('base64url')}`;
