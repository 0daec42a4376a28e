import type { AppointmentProgress } from '../contracts/progress.js';
import type { IncomingRecord, OutboxEntry } from '../contracts/store.js';
import type { VideoRoom } from '../contracts/video-provider.js';
import type { AppointmentView } from './host-control.js';

/*
 * The API's JSON shapes. Internally times are epoch milliseconds; on the wire every time is
 * an ISO 8601 string (UTC), so a dashboard never has to guess the unit.
 */

/** Envelope for every collection: room for paging fields later without breaking clients. */
export interface ListEnvelope<T> {
  items: T[];
}

/** Envelope for actions that have no resource to return. */
export interface OkEnvelope {
  ok: true;
}

/** Envelope for every error reply. */
export interface ErrorEnvelope {
  error: string;
  code?: string;
}

/** Wraps a collection. */
export function list<T>(items: T[]): ListEnvelope<T> {
  return { items };
}

/** Epoch milliseconds → ISO 8601 (UTC). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Optional epoch milliseconds → ISO 8601, keeping absent values absent. */
function isoTimeOrAbsent(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : isoTime(ms);
}

type IsoTimes<T, K extends keyof T> = Omit<T, K> & { [P in K]: undefined extends T[P] ? string | undefined : string };

export type IncomingMessageView = IsoTimes<IncomingRecord, 'receivedAt'>;
export type SentMessageView = IsoTimes<OutboxEntry, 'createdAt' | 'updatedAt'>;

export function incomingMessageView(record: IncomingRecord): IncomingMessageView {
  return { ...record, receivedAt: isoTime(record.receivedAt) };
}

export function sentMessageView(entry: OutboxEntry): SentMessageView {
  return { ...entry, createdAt: isoTime(entry.createdAt), updatedAt: isoTime(entry.updatedAt) };
}

const PROGRESS_TIMES = [
  'registrationSentAt',
  'screeningSentAt',
  'videoInviteSentAt',
  'arrivedAt',
  'doctorReadySentAt',
  'cancellationSentAt',
  'roomClosedAt',
] as const satisfies ReadonlyArray<keyof AppointmentProgress>;

type ProgressTime = (typeof PROGRESS_TIMES)[number];

/** Room as shown to clients: provider data (connection ids and the like) stays inside the host. */
export type RoomView = Omit<VideoRoom, 'providerData'>;

export type ProgressView = Omit<IsoTimes<AppointmentProgress, ProgressTime>, 'room'> & { room?: RoomView };

export function progressView(progress: AppointmentProgress): ProgressView {
  const { room, ...rest } = progress;
  const view: Record<string, unknown> = { ...rest };
  for (const key of PROGRESS_TIMES) {
    if (key in view) view[key] = isoTimeOrAbsent(progress[key]);
  }
  if (room) {
    const { providerData: _hidden, ...visible } = room;
    view.room = visible;
  }
  return view as ProgressView;
}

export type AppointmentStateView = Omit<AppointmentView, 'progress'> & { progress?: ProgressView };

export function appointmentStateView(view: AppointmentView): AppointmentStateView {
  const { progress, ...rest } = view;
  return progress ? { ...rest, progress: progressView(progress) } : rest;
}
