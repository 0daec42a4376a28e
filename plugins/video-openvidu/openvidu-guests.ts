import type { Clock, GuestGrant, GuestLink, Logger, VideoRoom } from '@clinic-arrivals/plugin-kit';
import { AuthError, describeError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import { GuestBook, grantKey, type GuestRecord } from './guest-book.js';
import { guestJoinLink } from './links.js';
import type { OpenViduApi, OpenViduConnectionInfo } from './openvidu-api.js';
import type { RoomRecord } from './room-book.js';

/** What {@link OpenViduGuests} needs from the provider. */
export interface OpenViduGuestDeps {
  api: OpenViduApi;
  guests: GuestBook;
  clock: Clock;
  logger: Logger;
  joinPageUrl: string;
  /** The provider's room record (for the room's expiry), if it still has one. */
  room(roomId: string): Promise<RoomRecord | undefined>;
  /** One OpenVidu operation with the provider's retries and health bookkeeping. */
  remote<T>(what: string, fn: () => Promise<T>): Promise<T>;
}

/** Server data of a guest connection: what the join page shows and how a crash-retry finds it. */
export function guestData(grant: Pick<GuestGrant, 'grantId' | 'displayName'>): string {
  return JSON.stringify({ role: 'guest', grant: grantKey(grant.grantId), name: grant.displayName });
}

/**
 * Guest links on OpenVidu: one PUBLISHER connection per grant (never MODERATOR) whose server
 * data says `role: guest`, so join detection (which follows only the patient's connection)
 * never counts it. Revoking deletes the connection: OpenVidu evicts a guest in the call and
 * refuses an unused token. A guest's connection is deleted when its grant expires (sweep) and
 * goes with the room when the room closes.
 */
export class OpenViduGuests {
  constructor(private readonly deps: OpenViduGuestDeps) {}

  async createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    const known = await this.deps.guests.get(room.roomId, grant.grantId);
    if (known) return toGuestLink(known);
    const expiresAt = await this.expiryFor(room, grant);
    // A crash after OpenVidu made the connection but before it was recorded: find it, do not make a second guest.
    const connection =
      (await this.findOnServer(room.roomId, grant)) ??
      (await this.deps.remote('create a guest link', () => this.deps.api.createConnection(room.roomId, guestData(grant))));
    const record: GuestRecord = {
      roomId: room.roomId,
      grantId: grant.grantId,
      connectionId: connection.connectionId,
      link: guestJoinLink(this.deps.joinPageUrl, connection.token),
      expiresAt,
    };
    await this.deps.guests.save(record);
    this.deps.logger.debug({ roomId: room.roomId, expiresAt: new Date(expiresAt).toISOString() }, 'OpenVidu guest link created');
    return toGuestLink(record);
  }

  /**
   * Deletes the guest's connection. `removedFromCall` is true when it was `active` (someone was
   * in the call with it) just before. Revoking again, or after the room closed, succeeds.
   */
  async revokeGuest(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    const record = await this.deps.guests.get(room.roomId, guest.grantId);
    if (record?.revokedAt !== undefined) return { removedFromCall: false };
    const connectionId = record?.connectionId ?? stringField(guest.providerData, 'connectionId');
    if (!connectionId) throw new NotFoundError('video-openvidu: the guest link has no connection on record');
    const removedFromCall = await this.deleteConnection(room.roomId, connectionId);
    if (record) await this.deps.guests.save({ ...record, revokedAt: this.deps.clock.now() });
    return { removedFromCall };
  }

  /** Grant ids of this room's guests whose connection is active now (in the call). */
  async guestsInCall(room: VideoRoom): Promise<string[]> {
    const guests = (await this.deps.guests.forRoom(room.roomId)).filter((g) => g.revokedAt === undefined);
    if (guests.length === 0) return [];
    const active = new Set(((await this.connections(room.roomId)) ?? []).filter((c) => c.status === 'active').map((c) => c.connectionId));
    return guests.filter((g) => active.has(g.connectionId)).map((g) => g.grantId);
  }

  /** Deletes the connections of guests whose grant expired before their room did. Returns how many. */
  async sweepExpired(now: number): Promise<number> {
    let ended = 0;
    for (const guest of await this.deps.guests.all()) {
      if (guest.revokedAt !== undefined || guest.expiresAt > now) continue;
      try {
        await this.deleteConnection(guest.roomId, guest.connectionId);
        await this.deps.guests.save({ ...guest, revokedAt: now });
        ended++;
      } catch (error) {
        this.deps.logger.warn({ roomId: guest.roomId, err: describeError(error) }, 'could not end an expired OpenVidu guest link');
        if (error instanceof AuthError) break;
      }
    }
    return ended;
  }

  /** Whether the connection was in use, then deletes it; a connection or room already gone is fine. */
  private async deleteConnection(roomId: string, connectionId: string): Promise<boolean> {
    const connections = await this.connections(roomId);
    const active = connections?.find((c) => c.connectionId === connectionId)?.status === 'active';
    if (connections !== undefined) await this.deps.remote('revoke a guest link', () => this.deps.api.deleteConnection(roomId, connectionId));
    return active;
  }

  /** A pending connection made for this grant earlier, with its token; undefined when there is none. */
  private async findOnServer(roomId: string, grant: GuestGrant): Promise<{ connectionId: string; token: string } | undefined> {
    const connections = await this.connections(roomId);
    if (connections === undefined) throw new NotFoundError('video-openvidu: OpenVidu no longer has this room; no guest link can be made');
    const key = grantKey(grant.grantId);
    const found = connections.find((c) => c.status === 'pending' && c.token && grantOf(c) === key);
    return found && { connectionId: found.connectionId, token: found.token! };
  }

  /** The session's connections, or undefined when OpenVidu no longer has the session. */
  private async connections(roomId: string): Promise<OpenViduConnectionInfo[] | undefined> {
    try {
      return await this.deps.remote('fetch a room', () => this.deps.api.connections(roomId));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** The grant's expiry, cut to the room's; refuses a room whose links already stopped working. */
  private async expiryFor(room: VideoRoom, grant: GuestGrant): Promise<number> {
    const record = await this.deps.room(room.roomId);
    const roomEnds = record?.expiresAt ?? Date.parse(room.expiresAt ?? '');
    const grantEnds = Date.parse(grant.expiresAt);
    if (!Number.isFinite(grantEnds)) throw new RangeError('video-openvidu: the guest grant has no valid expiresAt');
    if (record?.goneAt !== undefined || !(roomEnds > this.deps.clock.now())) {
      throw new NotFoundError('video-openvidu: the room is closed or its links have expired; no guest link can be made');
    }
    return Math.min(grantEnds, roomEnds);
  }
}

function toGuestLink(record: GuestRecord): GuestLink {
  return {
    grantId: record.grantId,
    link: record.link,
    expiresAt: new Date(record.expiresAt).toISOString(),
    providerData: { connectionId: record.connectionId },
  };
}

/** The `grant` in a connection's server data, if it is one of our guest connections. */
function grantOf(connection: OpenViduConnectionInfo): string | undefined {
  try {
    const data = JSON.parse(connection.serverData ?? '') as { role?: unknown; grant?: unknown };
    return data.role === 'guest' && typeof data.grant === 'string' ? data.grant : undefined;
  } catch {
    return undefined;
  }
}

function stringField(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
