import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { VideoRoom } from '@clinic-arrivals/plugin-kit';

/**
 * Where one appointment stands in the arrivals workflow. Written by the executor after
 * each step succeeds; read by the engine on every pass. Plain JSON.
 */
export interface AppointmentProgress {
  appointmentId: string;
  /** The start time the steps below were sent for; a moved appointment resets time-bound steps. */
  plannedStart?: string;
  /** Last PMS status the host saw (to notice transitions such as arrived → in progress). */
  lastStatus?: AppointmentStatus;
  registrationSentAt?: number;
  /**
   * Screening outcome: `asked` = waiting for yes/no; `video` = this will be a video consult;
   * `in-person` = the patient comes in.
   */
  screening?: 'asked' | 'video' | 'in-person';
  screeningSentAt?: number;
  videoInviteSentAt?: number;
  /** The JoinCode text after the invite went out (`video.verifyJoin`). */
  joinCodeSentAt?: number;
  /** When the patient was arrived (by text, by video join, or seen arrived in the PMS). */
  arrivedAt?: number;
  arrivedBy?: 'text' | 'video-join' | 'staff';
  doctorReadySentAt?: number;
  cancellationSentAt?: number;
  /** The video room created for this appointment, if any. */
  room?: VideoRoom;
  roomClosedAt?: number;
  /** The PMS holds the video-consult type and practitioner link. */
  videoRecordedInPms?: boolean;
  /**
   * Confirm by reply (`workflow.confirm.ask`, issue 18): `asked` with the Registration text;
   * then the patient's answer as recorded before the PMS is told: `confirmed`; `cancel` (a NO
   * the host carries out, or reception's one-click cancel); `wants-cancel` (a NO waiting for
   * reception); `cancelled` (carried out). Kept when the appointment moves: the host asks once.
   */
  confirm?: 'asked' | 'confirmed' | 'cancel' | 'wants-cancel' | 'cancelled';
  /** When the patient answered the confirm question (epoch ms). */
  confirmAnsweredAt?: number;
  /** A reply to the confirm question the host could not read, waiting for reception (epoch ms). Cleared by an answer. */
  replyUnclearAt?: number;
  /** When the host saw the visit called in (the PMS moved it to `workflow.inProgressStatus`); the wait estimate's input. */
  calledAt?: number;
  /** When the host saw the visit finished (`fulfilled`, when that is not the in-progress status). */
  doneAt?: number;
  /** Running-late texts sent for this appointment. */
  lateTexts?: number;
  /** The delay (minutes) the last running-late text told. */
  lateToldMinutes?: number;
  /** The last WAIT answer (epoch ms): at most one per 5 minutes. */
  waitAnsweredAt?: number;
}

/** Practitioner settings kept in the store and editable through the API. */
export interface PractitionerSettings {
  practitionerId: string;
  /** Name as last seen in the PMS (for the API; not used for matching). */
  name?: string;
  /** Room text used in DoctorReady, e.g. "room 7". In the store, empty means cleared in the app (hides a room from the config). */
  room?: string;
  /** Skip this practitioner's appointments entirely. */
  ignore?: boolean;
  /** Never offer video for this practitioner. */
  noVideo?: boolean;
  /** Reception's "running late by N minutes" for one clinic day; replaces the estimate's delay that day. */
  lateOverride?: { minutes: number; day: string; setAt: number };
  /** Reception muted running-late texts for this clinic day (`YYYY-MM-DD`). */
  lateTextsMutedOn?: string;
}
