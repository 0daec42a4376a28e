import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress } from '../../core/engine/progress.js';

/*
 * The one video consult the guest and join-code crash tests cut around: Kim at 11:00 with
 * Dr Lee, screened for video with the room made and recorded in the PMS.
 */

export const PHONE = '+61412345678';
export const START = '2026-11-23T11:00:00+11:00';
export const ROOM = { roomId: 'room-1', patientLink: 'https://video.example/room-1?role=patient', practitionerLink: 'https://video.example/room-1?role=host' };

export const APPOINTMENT: Appointment = {
  id: 'appt-v',
  start: START,
  end: '2026-11-23T11:15:00+11:00',
  status: 'booked',
  isVideo: true,
  patient: { id: 'pat-2', name: 'Kim Tran', firstName: 'Kim', mobile: '0412 345 678' },
  practitioner: { id: 'prac-1', name: 'Dr Lee' },
};

/** Screened for video, room made; the invite not sent yet (add `videoInviteSentAt` for after it). */
export const SCREENED_FOR_VIDEO: AppointmentProgress = {
  appointmentId: 'appt-v',
  plannedStart: START,
  lastStatus: 'booked',
  screening: 'video',
  screeningSentAt: 1,
  room: ROOM,
  videoRecordedInPms: true,
};
