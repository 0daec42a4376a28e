import { randomBytes } from 'node:crypto';
import type { Clock, GuestGrant, GuestLink, VideoRoom } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import { JitsiGuestBook, type JitsiGuestRecord } from './guest-book.js';
import type { OpenJitsiRoom } from './room-book.js';
import { signRoomToken, type JitsiJwtSettings } from './room-tokens.js';

/** What {@link JitsiGuests} needs from the provider. */
export interface JitsiGuestDeps {
  jwt: JitsiJwtSettings;
  guests: JitsiGuestBook;
  clock: Clock;
  /** The open room, or undefined when it was closed or has expired. */
  openRoom(room: string): Promise<OpenJitsiRoom | undefined>;
  /** The guest's link around its token (the provider's domain and link hints). */
  link(room: string, token: string): string;
}

/**
 * Guest links on a JWT-secured Jitsi deployment: a token per grant with `moderator: false`,
 * the grant's display name, a random user id and `exp` no later than the room's. Jitsi cannot
 * take back a token or remove someone through one, so revoking is recorded only; the link keeps
 * working until its `exp` (README.md, "Guests").
 */
export class JitsiGuests {
  constructor(private readonly deps: JitsiGuestDeps) {}

  async createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    const known = await this.deps.guests.find(room.roomId, grant.grantId);
    if (known) {
      // Revoked from a store that had lost the link: never issue a fresh one for that grant.
      if (known.link === '') throw new NotFoundError('video-jitsi: this guest link was revoked');
      return toGuestLink(known);
    }
    const open = await this.deps.openRoom(room.roomId);
    if (!open) throw new NotFoundError('video-jitsi: the room is closed or has expired; no guest link can be made');
    const grantEnds = Date.parse(grant.expiresAt);
    if (!Number.isFinite(grantEnds)) throw new RangeError('video-jitsi: the guest grant has no valid expiresAt');
    const now = this.deps.clock.now();
    const expiresAt = Math.min(grantEnds, open.forgetAt);
    const token = signRoomToken(this.deps.jwt, {
      room: room.roomId,
      role: 'guest',
      displayName: grant.displayName,
      userId: `guest-${randomBytes(12).toString('base64url')}`,
      issuedAt: now,
      notBefore: now,
      expiresAt,
    });
    const record: JitsiGuestRecord = { room: room.roomId, grantId: grant.grantId, link: this.deps.link(room.roomId, token), expiresAt };
    await this.deps.guests.remember(record);
    return toGuestLink(record);
  }

  /** Records the revocation. Never `removedFromCall`: a Jitsi token cannot be taken back and kicks nobody. */
  async revokeGuest(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    const known = await this.deps.guests.find(room.roomId, guest.grantId);
    if (known?.revokedAt !== undefined) return { removedFromCall: false };
    const expiresAt = known?.expiresAt ?? Date.parse(guest.expiresAt);
    await this.deps.guests.remember({
      room: room.roomId,
      grantId: guest.grantId,
      link: known?.link ?? '',
      expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.deps.clock.now(),
      revokedAt: this.deps.clock.now(),
    });
    return { removedFromCall: false };
  }

  /**
   * Whether a guest link into the room still works (revoked or not: its token is valid until
   * `exp`). While one does, room occupancy cannot tell the patient from a guest.
   */
  async liveGuestLink(room: string): Promise<boolean> {
    const now = this.deps.clock.now();
    return (await this.deps.guests.forRoom(room)).some((g) => g.expiresAt > now);
  }

  /** Forgets the guests of a room (with the room). */
  async forgetRoom(room: string): Promise<void> {
    for (const guest of await this.deps.guests.forRoom(room)) await this.deps.guests.forget(guest);
  }

  /** Forgets guest links past their `exp`; returns how many. */
  async sweepExpired(): Promise<number> {
    const now = this.deps.clock.now();
    let forgotten = 0;
    for (const guest of await this.deps.guests.list()) {
      if (guest.expiresAt > now) continue;
      await this.deps.guests.forget(guest);
      forgotten++;
    }
    return forgotten;
  }
}

function toGuestLink(record: JitsiGuestRecord): GuestLink {
  return { grantId: record.grantId, link: record.link, expiresAt: new Date(record.expiresAt).toISOString() };
}
