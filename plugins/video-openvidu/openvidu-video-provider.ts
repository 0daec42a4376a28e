import { randomBytes } from 'node:crypto';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { GuestGrant, GuestLink, VideoCapabilities, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { AuthError, describeError, NotFoundError, NotReadyError } from '@clinic-arrivals/plugin-kit';
import { withRetry } from '@clinic-arrivals/plugin-kit';
import { GuestBook } from './guest-book.js';
import { countRooms, HealthTracker } from './health-tracker.js';
import { joinLink, patientJoinLink } from './links.js';
import type { OpenViduApi, OpenViduConnectionInfo } from './openvidu-api.js';
import { OpenViduGuests } from './openvidu-guests.js';
import type { OpenViduOptions } from './options.js';
import { appointmentKey, RoomBook, type RoomRecord } from './room-book.js';

/** How long an appointment without an end is assumed to last, for link expiry. */
export const ASSUMED_DURATION_MINUTES = 30;
/** How often expired rooms are looked for while the host runs. */
export const SWEEP_INTERVAL_MS = 60_000;

/** The party a connection belongs to, as written into its OpenVidu server data. */
export type PartyRole = 'patient' | 'practitioner';

/** What {@link OpenViduVideoProvider} needs. */
export interface OpenViduProviderDeps {
  api: OpenViduApi;
  state: PluginState;
  clock: Clock;
  logger: Logger;
  options: Pick<OpenViduOptions, 'joinPageUrl' | 'graceMinutes' | 'retries' | 'guestInviteNumber'>;
  /** How retries wait. Tests pass one that returns at once. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** 144 random bits from the CSPRNG, URL-safe (24 characters, valid as an OpenVidu custom session id). */
export const newRoomId = (): string => randomBytes(18).toString('base64url');

/** When a room's links stop working: the appointment's end (or start plus an assumed length) plus grace. */
export function linkExpiry(request: Pick<VideoRoomRequest, 'start' | 'end'>, graceMinutes: number): number {
  const end = request.end !== undefined ? Date.parse(request.end) : Date.parse(request.start) + ASSUMED_DURATION_MINUTES * 60_000;
  if (!Number.isFinite(end)) throw new RangeError('video-openvidu: the appointment has no valid start/end time');
  return end + graceMinutes * 60_000;
}

/**
 * Video rooms on an OpenVidu 2.x server: one session per appointment with a random id, one
 * PUBLISHER connection for the patient and one for the practitioner (their tokens make the
 * two links), closed after the appointment's end plus grace. Only the patient's connection
 * counts as "the patient joined". Guests get connections of their own (openvidu-guests.ts).
 */
export class OpenViduVideoProvider implements VideoProvider {
  readonly capabilities: VideoCapabilities = Object.freeze({
    joinDetection: true,
    roleLinks: true,
    expiringLinks: true,
    guestLinks: true,
    guestRemoval: true,
    guestJoinDetection: true,
  });
  private readonly book: RoomBook;
  private readonly guestBook: GuestBook;
  private readonly guests: OpenViduGuests;
  private readonly health: HealthTracker;
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;

  constructor(private readonly deps: OpenViduProviderDeps) {
    this.book = new RoomBook(deps.state);
    this.health = new HealthTracker(deps.clock);
    this.guestBook = new GuestBook(deps.state);
    this.guests = new OpenViduGuests({
      api: deps.api,
      guests: this.guestBook,
      clock: deps.clock,
      logger: deps.logger,
      joinPageUrl: deps.options.joinPageUrl,
      room: (roomId) => this.book.get(roomId),
      remote: (what, fn) => this.remote(what, fn),
    });
  }

  /** Checks the URL and secret, closes rooms a crash left behind, then sweeps every minute. */
  async start(): Promise<void> {
    await this.remote('check the connection', () => this.deps.api.countSessions());
    await this.sweepExpired();
    this.sweepTimer ??= setInterval(() => void this.sweepExpired(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.sweeping;
  }

  async createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    const expiresAt = linkExpiry(request, this.deps.options.graceMinutes);
    const existing = await this.book.forAppointment(request.appointmentId);
    if (existing) {
      const same = existing.start === request.start && existing.end === request.end;
      if (same && existing.goneAt === undefined && existing.expiresAt > this.deps.clock.now()) return toVideoRoom(existing);
      // Gone, expired or moved: this appointment gets a fresh room; the old one is closed
      // (or, if that fails now, by a later sweep once it expires).
      await this.retire(existing).catch((error: unknown) =>
        this.deps.logger.warn({ roomId: existing.roomId, err: describeError(error) }, 'could not close the previous OpenVidu room'),
      );
    }
    const record = await this.remote('create a room', () => this.openRoom(request, expiresAt));
    await this.book.save(record);
    this.deps.logger.debug({ roomId: record.roomId, expiresAt: new Date(expiresAt).toISOString() }, 'OpenVidu room created');
    return toVideoRoom(record);
  }

  async closeRoom(room: VideoRoom): Promise<void> {
    await this.remote('close a room', () => this.deps.api.closeSession(room.roomId));
    const record = await this.book.get(room.roomId);
    if (record) await this.book.remove(record);
    await this.guestBook.forgetRoom(room.roomId);
  }

  /**
   * True once the patient's own connection has been used: `active` now, or no longer listed
   * (OpenVidu drops a connection when whoever used its token leaves). The practitioner's
   * connection is never looked at. A session OpenVidu no longer has is "gone": false, and the
   * next createRoom for that appointment makes a new room.
   */
  async hasPatientJoined(room: VideoRoom): Promise<boolean> {
    const record = await this.book.get(room.roomId);
    if (record?.patientJoinedAt !== undefined) return true;
    if (record?.goneAt !== undefined) return false;
    const patientConnectionId = record?.patientConnectionId ?? stringField(room.providerData, 'patientConnectionId');
    if (!patientConnectionId) throw new NotFoundError('video-openvidu: the room has no patient connection on record');
    const connections = await this.fetchConnections(room, record);
    if (connections === undefined) return false;
    const patient = connections.find((c) => c.connectionId === patientConnectionId);
    const joined = patient === undefined || patient.status === 'active';
    if (joined && record) await this.book.save({ ...record, patientJoinedAt: this.deps.clock.now() });
    return joined;
  }

  /**
   * Whether the room still works: OpenVidu still has the session (GET → 200) and its links
   * have not expired. False when OpenVidu answers 404 (the room is then remembered as gone,
   * so the next createRoom for the appointment makes a new one). Network failures, timeouts
   * and 5xx are retried, then thrown: never read as "gone".
   */
  async roomIsOpen(room: VideoRoom): Promise<boolean> {
    const record = await this.book.get(room.roomId);
    if (record?.goneAt !== undefined) return false;
    if (record && record.expiresAt <= this.deps.clock.now()) return false;
    return (await this.fetchConnections(room, record)) !== undefined;
  }

  /**
   * A further patient link into the room: a new patient connection, since an OpenVidu token
   * is used up by the first join. For "the doctor is ready", which a patient who already
   * joined with the invite (and closed the page) would otherwise get as a dead link.
   */
  async patientRejoinLink(room: VideoRoom, request: VideoRoomRequest): Promise<string> {
    const connection = await this.remote('create a patient link', () =>
      this.deps.api.createConnection(room.roomId, partyData('patient', request.patientDisplayName)),
    );
    return patientJoinLink(this.deps.options.joinPageUrl, connection.token, this.deps.options.guestInviteNumber, request.language);
  }

  /**
   * A guest's link into the room: a PUBLISHER connection (never MODERATOR) with `role: guest`
   * server data, ending at the grant's expiry or the room's, whichever is first. The same
   * guest again for the same grant, also after a crash.
   */
  createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    return this.guests.createGuestLink(room, grant);
  }

  /** Deletes the guest's connection: OpenVidu evicts a guest in the call and refuses an unused link. */
  revokeGuest(room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    return this.guests.revokeGuest(room, guest);
  }

  /** Grant ids of the guests whose connection is active: what the host records as a guest's join. */
  guestsInCall(room: VideoRoom): Promise<string[]> {
    return this.guests.guestsInCall(room);
  }

  /** Closes every room whose links have expired (at start-up: also those a crash left open). Returns how many. */
  sweepExpired(): Promise<number> {
    this.sweeping ??= this.sweep().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  async checkHealth(): Promise<HealthReport> {
    return this.health.report(countRooms(await this.book.all(), this.deps.clock.now()));
  }

  private async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    let closed = 0;
    for (const record of await this.book.all()) {
      if (record.expiresAt > now) continue;
      try {
        await this.retire(record);
        closed++;
      } catch (error) {
        // Left in the list: the next sweep tries again.
        this.deps.logger.warn({ roomId: record.roomId, err: describeError(error) }, 'could not close an expired OpenVidu room');
        if (error instanceof AuthError) break;
      }
    }
    if (closed > 0) this.deps.logger.info({ closed }, 'closed expired OpenVidu rooms');
    const guestsEnded = await this.guests.sweepExpired(now);
    if (guestsEnded > 0) this.deps.logger.info({ guestsEnded }, 'ended expired OpenVidu guest links');
    return closed;
  }

  /** The session's connections, or undefined when OpenVidu no longer has it (then remembered as gone). */
  private async fetchConnections(room: VideoRoom, record: RoomRecord | undefined): Promise<OpenViduConnectionInfo[] | undefined> {
    try {
      return await this.remote('fetch a room', () => this.deps.api.connections(room.roomId));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.deps.logger.warn({ roomId: room.roomId }, 'OpenVidu no longer has this room; the next request for it makes a new one');
      if (record) await this.book.save({ ...record, goneAt: this.deps.clock.now() });
      return undefined;
    }
  }

  /** Closes a room we no longer want (unless OpenVidu already lost it) and forgets it. */
  private async retire(record: RoomRecord): Promise<void> {
    if (record.goneAt === undefined) await this.remote('close a room', () => this.deps.api.closeSession(record.roomId));
    await this.book.remove(record);
    await this.guestBook.forgetRoom(record.roomId);
  }

  private async openRoom(request: VideoRoomRequest, expiresAt: number): Promise<RoomRecord> {
    const { api, options, clock } = this.deps;
    const roomId = newRoomId();
    await api.createSession(roomId);
    try {
      const patient = await api.createConnection(roomId, partyData('patient', request.patientDisplayName));
      const practitioner = await api.createConnection(roomId, partyData('practitioner', request.practitionerDisplayName));
      return {
        roomId,
        appointmentKey: appointmentKey(request.appointmentId),
        patientConnectionId: patient.connectionId,
        practitionerConnectionId: practitioner.connectionId,
        patientLink: patientJoinLink(options.joinPageUrl, patient.token, options.guestInviteNumber, request.language),
        practitionerLink: joinLink(options.joinPageUrl, practitioner.token),
        start: request.start,
        end: request.end,
        expiresAt,
        createdAt: clock.now(),
      };
    } catch (error) {
      // Half a room is no room: close it (best effort) and let the retry start over.
      await api.closeSession(roomId).catch(() => undefined);
      throw error instanceof NotFoundError ? new NotReadyError('OpenVidu lost a session while it was being set up', { cause: error }) : error;
    }
  }

  /** One OpenVidu operation with retries on transient failures, reflected in the health report. */
  private async remote<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      const result = await withRetry(fn, {
        retries: this.deps.options.retries,
        minDelayMs: 500,
        maxDelayMs: 5_000,
        sleep: this.deps.sleep,
        onRetry: (error, attempt, delayMs) =>
          this.deps.logger.warn({ err: describeError(error), attempt, delayMs }, `OpenVidu: retrying after a failure to ${what}`),
      });
      this.health.succeeded();
      return result;
    } catch (error) {
      this.health.failed(error);
      throw error;
    }
  }
}

/** Server data of a connection: the party's role (what join detection and the join page read) and display name. Guests: see guestData(). */
export function partyData(role: PartyRole, displayName: string): string {
  return JSON.stringify({ role, name: displayName });
}

function toVideoRoom(record: RoomRecord): VideoRoom {
  return {
    roomId: record.roomId,
    patientLink: record.patientLink,
    practitionerLink: record.practitionerLink,
    expiresAt: new Date(record.expiresAt).toISOString(),
    providerData: {
      patientConnectionId: record.patientConnectionId,
      practitionerConnectionId: record.practitionerConnectionId,
    },
  };
}

function stringField(data: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = data?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
