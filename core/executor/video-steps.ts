import type { AppointmentSource } from '@clinic-arrivals/plugin-kit';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { VideoRoom, VideoRoomRequest } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment } from '../engine/decisions.js';
import { DONE, type EffectOutcome } from './effect-outcome.js';
import type { ProgressBook } from './progress-book.js';
import type { VideoGateway } from './video-gateway.js';

/**
 * The video effects: make (or remake) an appointment's room, write its practitioner link
 * into the PMS, close it. Progress is saved right after each remote call succeeds, so a
 * retry never makes a second room or closes one twice.
 */
export class VideoSteps {
  constructor(
    private readonly video: VideoGateway,
    private readonly pms: AppointmentSource,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /**
   * Makes the appointment's room unless progress holds one that is still open. A stored room
   * the provider says is gone (`roomIsOpen` false) is replaced: the new room is saved with
   * `videoRecordedInPms` cleared, and a follow-up effect writes its practitioner link into
   * the PMS in this same decision (the engine saw the old link recorded and did not ask).
   * When the provider cannot tell (it throws), the effect fails and no room is made.
   */
  async ensureRoom(appointment: EngineAppointment, book: ProgressBook): Promise<EffectOutcome> {
    const progress = await book.get(appointment.id);
    const previous = progress?.room;
    if (previous && (await this.video.roomIsOpen(previous))) return DONE;
    const room = await this.video.createRoom(roomRequestOf(appointment));
    if (!previous) {
      // Saved before anything else can fail, so a retry never creates a second room.
      await book.merge(appointment.id, { room, roomClosedAt: undefined });
      return DONE;
    }
    this.logger.warn({ appointmentId: appointment.id }, 'the video room was gone at the provider; made a new one (new links go to the PMS and the next texts)');
    await book.merge(appointment.id, { room, roomClosedAt: undefined, videoRecordedInPms: false });
    return { kind: 'done', followUp: [{ type: 'recordVideoInPms', appointment }] };
  }

  /** Writes the video-consult type and the current practitioner link into the PMS, once per room. */
  async recordInPms(appointment: EngineAppointment, book: ProgressBook): Promise<EffectOutcome> {
    const progress = await book.get(appointment.id);
    if (progress?.videoRecordedInPms) return DONE;
    if (!progress?.room) return { kind: 'failed', error: 'no video room to record in the PMS' };
    await this.pms.recordVideoConsult(appointment.id, progress.room.practitionerLink);
    await book.merge(appointment.id, { videoRecordedInPms: true });
    return DONE;
  }

  /**
   * The patient link a text carries: the room's own, or with `rejoin` (the patient may have
   * used that one already) a further link from the provider.
   */
  patientLink(appointment: EngineAppointment, room: VideoRoom, rejoin: boolean): Promise<string> {
    return rejoin ? this.video.patientRejoinLink(room, roomRequestOf(appointment)) : Promise.resolve(room.patientLink);
  }

  /** Closes the appointment's room once (closing a room the provider already lost succeeds). */
  async closeRoom(appointmentId: string, book: ProgressBook): Promise<EffectOutcome> {
    const progress = await book.get(appointmentId);
    if (!progress?.room || progress.roomClosedAt !== undefined) return DONE;
    await this.video.closeRoom(progress.room);
    await book.merge(appointmentId, { roomClosedAt: this.clock.now() });
    return DONE;
  }
}

/** What the provider is told about an appointment's room (names go into tokens, never room names). */
function roomRequestOf(appointment: EngineAppointment): VideoRoomRequest {
  return {
    appointmentId: appointment.id,
    start: appointment.start,
    end: appointment.end,
    patientDisplayName: appointment.patient.firstName ?? appointment.patient.name,
    practitionerDisplayName: appointment.practitioner.name,
    // The patient's language, for the pages the patient sees (the link carries it, not the patient).
    ...(appointment.language ? { language: appointment.language } : {}),
  };
}
