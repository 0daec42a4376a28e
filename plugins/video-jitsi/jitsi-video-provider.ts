import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { GuestGrant, GuestLink, VideoCapabilities, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { ConfigError, describeError } from '@clinic-arrivals/plugin-kit';
import type { RetryOptions } from '@clinic-arrivals/plugin-kit';
import { JitsiGuestBook } from './guest-book.js';
import { JitsiGuests } from './jitsi-guests.js';
import { hostOf, type JitsiVideoOptions } from './options.js';
import { JitsiRoomBook } from './room-book.js';
import { configHints, languageHint, roomLink } from './room-links.js';
import { randomRoomName } from './room-names.js';
import { RoomSizeClient } from './room-size-client.js';
import { secretKey, signRoomQueryToken, signRoomToken, type JitsiJwtSettings, type JitsiRole } from './room-tokens.js';
import { RoomSizeHealth } from './room-size-health.js';

const MINUTE = 60_000;
/** A long-running host also forgets expired rooms (ones the workflow never closed) this often, when it creates a room. */
const SWEEP_INTERVAL_MS = 60 * MINUTE;

/** What the provider needs from the host (and what tests swap). */
export interface JitsiVideoDependencies {
  state: PluginState;
  clock: Clock;
  logger: Logger;
  /** Backoff of the room-size endpoint. @default 2 retries, 250 ms to 2 s */
  retry?: Pick<RetryOptions, 'retries' | 'minDelayMs' | 'maxDelayMs' | 'sleep' | 'random'>;
  /** After the endpoint failed (retries spent), it is not asked again for this long. @default 30000 */
  failureCooldownMs?: number;
}

const DEFAULT_RETRY = { retries: 2, minDelayMs: 250, maxDelayMs: 2000 };

/**
 * Jitsi Meet rooms. A room needs no API call: it exists once someone opens
 * `https://<domain>/<room>`. With JWT configured each link carries a signed token (only the
 * practitioner's is a moderator) that expires after the appointment plus the grace period.
 * Open rooms live in the host's store; "closing" forgets the room (its tokens expire on
 * their own), and start-up forgets rooms a crash left behind. Guest links (JWT only) are
 * tokens of their own: jitsi-guests.ts.
 */
export class JitsiVideoProvider implements VideoProvider {
  readonly capabilities: VideoCapabilities;
  private readonly jwt?: JitsiJwtSettings;
  private readonly book: JitsiRoomBook;
  private readonly roomSize?: RoomSizeClient;
  private readonly roomSizeHealth: RoomSizeHealth;
  private readonly guests?: JitsiGuests;
  private lastSweepAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly options: JitsiVideoOptions,
    private readonly deps: JitsiVideoDependencies,
  ) {
    if (options.jwtAppId !== undefined && options.jwtSecret !== undefined) {
      this.jwt = {
        appId: options.jwtAppId,
        key: secretKey(options.jwtSecret),
        audience: options.jwtAudience,
        subject: options.jwtSubject ?? hostOf(options.domain),
      };
    }
    const detects = options.joinDetection === 'any-occupant' && options.roomSizeUrl !== undefined && this.jwt !== undefined;
    const secured = this.jwt !== undefined;
    // Without JWT a guest link would be the plain room link: nothing about a guest could be enforced.
    this.capabilities = Object.freeze({ joinDetection: detects, roleLinks: secured, expiringLinks: secured, guestLinks: secured, guestRemoval: false });
    this.book = new JitsiRoomBook(deps.state, deps.clock);
    if (this.jwt) {
      this.guests = new JitsiGuests({
        jwt: this.jwt,
        guests: new JitsiGuestBook(deps.state),
        clock: deps.clock,
        openRoom: async (room) => {
          const entry = await this.book.find(room);
          return this.book.isOpen(entry) ? entry : undefined;
        },
        link: (room, token) => roomLink(options.domain, room, token, configHints(options.linkHints, 'guest')),
      });
    }
    if (detects) {
      this.roomSize = new RoomSizeClient({
        url: options.roomSizeUrl!,
        domain: options.roomSizeDomain ?? hostOf(options.domain),
        timeoutMs: options.roomSizeTimeoutMs,
        retry: deps.retry ?? DEFAULT_RETRY,
      });
    }
    this.roomSizeHealth = new RoomSizeHealth(deps.clock, deps.failureCooldownMs ?? 30_000);
  }

  async createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    // The appointment id is deliberately neither used nor stored; names go only into tokens.
    const now = this.deps.clock.now();
    if (now - this.lastSweepAt >= SWEEP_INTERVAL_MS) await this.sweep();
    const room = randomRoomName();
    const forgetAt = Math.max(this.endOf(request), now) + this.options.graceMinutes * MINUTE;
    await this.book.remember({ room, createdAt: now, forgetAt });
    return {
      roomId: room,
      patientLink: this.link(room, 'patient', request.patientDisplayName, now, forgetAt, languageHint(request.language)),
      practitionerLink: this.link(room, 'practitioner', request.practitionerDisplayName, now, forgetAt),
      ...(this.jwt ? { expiresAt: new Date(forgetAt).toISOString() } : {}),
    };
  }

  /** Forgets the room. Jitsi has nothing to close: a room ends when its last person leaves, and tokens expire on their own. */
  async closeRoom(room: VideoRoom): Promise<void> {
    await this.book.forget(room.roomId);
    await this.guests?.forgetRoom(room.roomId);
  }

  /**
   * A guest's link (JWT deployments only): the room link with its own token, `moderator: false`,
   * the grant's display name, a random user id, `exp` at the grant's expiry or the room's,
   * whichever is first. The same link again for the same grant.
   */
  createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    return this.guestsOrThrow().createGuestLink(room, grant);
  }

  /** Records the revocation; Jitsi can neither invalidate the token nor remove the guest (README.md). */
  revokeGuest(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    return this.guestsOrThrow().revokeGuest(room, guest);
  }

  /**
   * True when anyone is in the room (see README.md: the room-size endpoint counts occupants,
   * never who). False for a forgotten room, and whenever the endpoint cannot be asked: this
   * never throws, the failure shows in {@link health}. False, without asking, while a guest
   * link into the room works: an occupant could then be the guest.
   */
  async hasPatientJoined(room: VideoRoom): Promise<boolean> {
    if (!this.roomSize || !this.book.isOpen(await this.book.find(room.roomId))) return false;
    if (await this.guests?.liveGuestLink(room.roomId)) return false;
    if (this.roomSizeHealth.coolingDown()) return false;
    try {
      const token = this.jwt ? signRoomQueryToken(this.jwt, room.roomId, this.deps.clock.now()) : undefined;
      const participants = await this.roomSize.participants(room.roomId, token);
      this.roomSizeHealth.succeeded();
      return participants >= 1;
    } catch (error) {
      this.roomSizeHealth.failed(error);
      this.deps.logger.warn({ err: describeError(error) }, 'video-jitsi: could not ask the room-size endpoint; reporting "not joined"');
      return false;
    }
  }

  /** Forgets rooms past their expiry (left by a crash or never closed); called at start-up and hourly on createRoom. */
  async sweep(): Promise<number> {
    this.lastSweepAt = this.deps.clock.now();
    const forgotten = await this.book.sweepExpired();
    await this.guests?.sweepExpired();
    if (forgotten > 0) this.deps.logger.info({ forgotten }, 'video-jitsi: forgot expired rooms');
    return forgotten;
  }

  async health(): Promise<HealthReport> {
    const openRooms = (await this.book.list()).filter((entry) => this.book.isOpen(entry)).length;
    const access = this.jwt
      ? 'JWT-secured links (practitioner moderator, expire after the appointment)'
      : 'no JWT configured: anyone with a room link can join, as on the public meet.jit.si service, and links do not expire';
    const detection = this.roomSize ? 'join detection counts anyone in the room as the patient' : 'no join detection (patients text "joined")';
    const data: Record<string, unknown> = { openRooms, jwt: this.jwt !== undefined, joinDetection: this.capabilities.joinDetection };
    const failure = this.roomSizeHealth.report();
    if (failure) {
      return {
        status: 'degraded',
        detail: `${this.options.domain}: room-size endpoint failing (${failure.error}); join detection reports "not joined" until it answers`,
        data: { ...data, roomSizeFailures: failure.failures, roomSizeFailingSince: new Date(failure.since).toISOString(), lastError: failure.error },
      };
    }
    return { status: 'ok', detail: `${this.options.domain}: ${access}; ${detection}`, data };
  }

  private guestsOrThrow(): JitsiGuests {
    if (!this.guests) {
      throw new ConfigError('video-jitsi: guest links need a JWT-secured deployment (jwtAppId and jwtSecret)', 'video.options.jwtSecret');
    }
    return this.guests;
  }

  private endOf(request: VideoRoomRequest): number {
    const end = request.end === undefined ? Number.NaN : Date.parse(request.end);
    if (Number.isFinite(end)) return end;
    const start = Date.parse(request.start);
    // An unparseable start is the host's bug; fall back to "now" rather than issue an already dead link.
    return (Number.isFinite(start) ? start : this.deps.clock.now()) + this.options.assumedDurationMinutes * MINUTE;
  }

  private link(room: string, role: JitsiRole, displayName: string, now: number, expiresAt: number, extraHints: string[] = []): string {
    const token = this.jwt
      ? signRoomToken(this.jwt, {
          room,
          role,
          displayName: this.options.displayNamesInTokens ? displayName : undefined,
          issuedAt: now,
          notBefore: now,
          expiresAt,
        })
      : undefined;
    return roomLink(this.options.domain, room, token, [...configHints(this.options.linkHints, role), ...extraHints]);
  }
}
