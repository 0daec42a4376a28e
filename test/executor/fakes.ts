import { randomBytes } from 'node:crypto';
import type { Appointment, AppointmentListing, AppointmentSource, TimeRange } from '@clinic-arrivals/plugin-kit';
import type { LogFn, Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender, OutgoingMessage, SendReceipt } from '@clinic-arrivals/plugin-kit';
import type { GuestGrant, GuestLink, VideoCapabilities, VideoProvider, VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment } from '../../core/engine/decisions.js';
import type { ExecutionSink } from '../../core/executor/execution-sink.js';
import type { MessageRenderer, RenderVariables } from '../../core/executor/message-renderer.js';
import type { PluginRole } from '@clinic-arrivals/plugin-kit';

/*
 * Small in-memory ports for the executor's tests: each records what it was asked and can be
 * told to fail. They follow the port contracts (typed errors, idempotent close).
 */

/** A sender that records messages; queue errors to throw with {@link failNext}. */
export class RecordingSender implements MessageSender {
  readonly sent: Array<OutgoingMessage & { providerId: string }> = [];
  calls = 0;
  private readonly failures: Error[] = [];
  /** Called inside send(), before the message counts as sent. */
  onSend?: (message: OutgoingMessage) => void | Promise<void>;

  failNext(error: Error): void {
    this.failures.push(error);
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    this.calls += 1;
    await this.onSend?.(message);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const providerId = `SM${this.sent.length + 1}`;
    this.sent.push({ ...message, providerId });
    return { providerId };
  }
}

/** A PMS that records arrivals and video consults; queue errors per method. */
export class RecordingPms implements AppointmentSource {
  readonly arrived: string[] = [];
  readonly videoConsults: Array<{ id: string; link: string }> = [];
  readonly failures: { markArrived: Error[]; recordVideoConsult: Error[] } = { markArrived: [], recordVideoConsult: [] };

  async listAppointments(_range: TimeRange): Promise<AppointmentListing> {
    return { appointments: [] };
  }

  async markArrived(appointmentId: string): Promise<void> {
    const failure = this.failures.markArrived.shift();
    if (failure) throw failure;
    this.arrived.push(appointmentId);
  }

  async recordVideoConsult(appointmentId: string, practitionerLink: string): Promise<void> {
    const failure = this.failures.recordVideoConsult.shift();
    if (failure) throw failure;
    this.videoConsults.push({ id: appointmentId, link: practitionerLink });
  }
}

/** A video provider that counts the rooms it creates and closes. */
export class CountingVideo implements VideoProvider {
  readonly capabilities: VideoCapabilities = { joinDetection: false, roleLinks: true, expiringLinks: false, guestLinks: true, guestRemoval: false };
  readonly created: VideoRoomRequest[] = [];
  readonly closed: string[] = [];
  /** Every createGuestLink call, in order (a repeat for one grant is listed again). */
  readonly guestCalls: GuestGrant[] = [];
  /** Guest links by grant id: one per grant, however often asked. */
  readonly guestLinks = new Map<string, GuestLink>();
  readonly revokedGuests: string[] = [];

  async createGuestLink(room: VideoRoom, grant: GuestGrant): Promise<GuestLink> {
    this.guestCalls.push(grant);
    const existing = this.guestLinks.get(grant.grantId);
    if (existing) return existing;
    const link = {
      grantId: grant.grantId,
      link: `https://video.example/${room.roomId}?guest=${randomBytes(16).toString('hex')}`,
      expiresAt: endOfGuest(grant, room),
    };
    this.guestLinks.set(grant.grantId, link);
    return link;
  }

  async revokeGuest(_room: VideoRoom, guest: GuestLink): Promise<{ removedFromCall: boolean }> {
    if (!this.revokedGuests.includes(guest.grantId)) this.revokedGuests.push(guest.grantId);
    return { removedFromCall: false };
  }

  async createRoom(request: VideoRoomRequest): Promise<VideoRoom> {
    this.created.push(request);
    const roomId = randomBytes(16).toString('hex');
    return {
      roomId,
      patientLink: `https://video.example/${roomId}?role=patient`,
      practitionerLink: `https://video.example/${roomId}?role=host`,
    };
  }

  async closeRoom(room: VideoRoom): Promise<void> {
    if (!this.closed.includes(room.roomId)) this.closed.push(room.roomId);
  }
}

/** Renders `Name|url|room` so tests can see what went into a message. */
export const echoRenderer: MessageRenderer = {
  render(name, variables: RenderVariables) {
    // A join code, when there is one, goes last (texts without one read as they always did).
    const code = typeof variables.code === 'string' ? `|${variables.code}` : '';
    return `${name}|${variables.url ?? ''}|${variables.room ?? ''}${code}`;
  },
  lastMessageNotice: ' (last message today)',
};

/** A sink that keeps what it is told. */
export class RecordingSink implements ExecutionSink {
  readonly errors: Array<{ where: string; error: string }> = [];
  readonly down = new Map<PluginRole, string>();
  recordError(where: string, error: string): void {
    this.errors.push({ where, error });
  }
  markPluginDown(role: PluginRole, detail: string): void {
    this.down.set(role, detail);
  }
  markPluginRecovered(role: PluginRole): void {
    this.down.delete(role);
  }
}

/** A logger that keeps every call, to check what reaches the log. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; fields: Record<string, unknown>; message?: string }> } {
  const lines: Array<{ level: string; fields: Record<string, unknown>; message?: string }> = [];
  const at =
    (level: string): LogFn =>
    (a: string | Record<string, unknown>, b?: string) => {
      if (typeof a === 'string') lines.push({ level, fields: {}, message: a });
      else lines.push({ level, fields: a, message: b });
    };
  const logger = {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: () => logger,
  };
  return logger;
}

/** An appointment as the engine hands it over. */
export function engineAppointment(id: string, overrides: Partial<Appointment> = {}): EngineAppointment {
  const appointment: Appointment = {
    id,
    start: '2026-11-23T10:00:00+11:00',
    end: '2026-11-23T10:15:00+11:00',
    status: 'booked',
    patient: { id: `pat-${id}`, name: 'Alex Citizen', firstName: 'Alex', mobile: '0412 345 678' },
    practitioner: { id: 'prac-1', name: 'Dr Lee' },
    isVideo: false,
    ...overrides,
  };
  return {
    ...appointment,
    mobileE164: '+61412345678',
    startMs: Date.parse(appointment.start),
    endMs: appointment.end ? Date.parse(appointment.end) : undefined,
  };
}

/** A guest link ends with the grant or the room, whichever is first (as the contract asks). */
function endOfGuest(grant: GuestGrant, room: VideoRoom): string {
  return room.expiresAt !== undefined && Date.parse(room.expiresAt) < Date.parse(grant.expiresAt) ? room.expiresAt : grant.expiresAt;
}
