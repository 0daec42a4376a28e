import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';

/** Store namespace of this plugin's state. */
export const JITSI_PLUGIN_ID = 'video-jitsi';
const ROOM_KEY_PREFIX = 'room:';

/**
 * What the plugin remembers about an open room. Jitsi rooms have no server-side lifecycle,
 * so this record *is* the room's life: nothing about the appointment or the people.
 */
export interface OpenJitsiRoom {
  room: string;
  createdAt: number;
  /** Epoch ms after which the room is forgotten (its tokens, if any, expire then too). */
  forgetAt: number;
}

/** The open rooms, kept in the host's store under the plugin's id. */
export class JitsiRoomBook {
  constructor(
    private readonly state: PluginState,
    private readonly clock: Clock,
  ) {}

  remember(entry: OpenJitsiRoom): Promise<void> {
    return this.state.set(ROOM_KEY_PREFIX + entry.room, entry);
  }

  find(room: string): Promise<OpenJitsiRoom | undefined> {
    return this.state.get<OpenJitsiRoom>(ROOM_KEY_PREFIX + room);
  }

  /** Forgets a room; forgetting an unknown room is fine. */
  forget(room: string): Promise<void> {
    // `undefined` deletes the key in the store.
    return this.state.set(ROOM_KEY_PREFIX + room, undefined);
  }

  async list(): Promise<OpenJitsiRoom[]> {
    const entries = await this.state.list<OpenJitsiRoom>();
    return entries.filter((e) => e.key.startsWith(ROOM_KEY_PREFIX)).map((e) => e.value);
  }

  /** Forgets every room past its `forgetAt` (left behind by a crash or a missed close); returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.clock.now();
    let forgotten = 0;
    for (const entry of await this.list()) {
      if (entry.forgetAt > now) continue;
      await this.forget(entry.room);
      forgotten++;
    }
    return forgotten;
  }

  /** True while the room is remembered and not past its `forgetAt`. */
  isOpen(entry: OpenJitsiRoom | undefined): entry is OpenJitsiRoom {
    return entry !== undefined && entry.forgetAt > this.clock.now();
  }
}
