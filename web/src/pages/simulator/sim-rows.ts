import type { TodayItem } from '../../api/client';
import type { SimAppointment, SimRoom, SimStatus } from '../../api/sim-queries';
import { clinicWall } from './clinic-clock';

/** The one-click moves reception makes in a PMS, in the order a visit goes. */
export const MOVES: SimStatus[] = ['booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'];

export type VideoState = { kind: 'none' } | { kind: 'no-room' } | { kind: 'closed' } | { kind: 'joined' } | { kind: 'can-join'; roomId: string };

export interface SimRow {
  appointment: SimAppointment;
  /** Clinic date when not today, else undefined. */
  otherDate?: string;
  time: string;
  video: VideoState;
  /** When the patient confirmed by text, in clinic time (the date too when not today). */
  confirmed?: string;
}

function roomIdOf(item: TodayItem | undefined): string | undefined {
  const room = (item?.progress as { room?: { roomId?: unknown } } | undefined)?.room;
  return typeof room?.roomId === 'string' ? room.roomId : undefined;
}

/** What the video column offers: the host's room for this appointment (from Today) and the simulator's view of it. */
function videoState(appointment: SimAppointment, item: TodayItem | undefined, rooms: SimRoom[]): VideoState {
  if (!appointment.isVideo && !item?.isVideo) return { kind: 'none' };
  const roomId = roomIdOf(item);
  const room = roomId ? rooms.find((r) => r.roomId === roomId) : undefined;
  if (!roomId || !room) return { kind: 'no-room' };
  if (room.closed) return { kind: 'closed' };
  if (room.patientJoined) return { kind: 'joined' };
  return { kind: 'can-join', roomId };
}

export function simRows(appointments: SimAppointment[], today: TodayItem[], rooms: SimRoom[], timeZone: string, nowIso: string): SimRow[] {
  const todayDate = clinicWall(nowIso, timeZone).date;
  const byId = new Map(today.map((item) => [item.appointment.id, item]));
  return [...appointments]
    .sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime() || a.id.localeCompare(b.id))
    .map((appointment) => {
      const wall = clinicWall(appointment.start, timeZone);
      const confirmed = appointment.confirmedAt ? clinicWall(appointment.confirmedAt, timeZone) : undefined;
      return {
        appointment,
        otherDate: wall.date === todayDate ? undefined : wall.date,
        time: wall.time,
        video: videoState(appointment, byId.get(appointment.id), rooms),
        ...(confirmed && { confirmed: confirmed.date === todayDate ? confirmed.time : `${confirmed.date} ${confirmed.time}` }),
      };
    });
}

export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  );
}
