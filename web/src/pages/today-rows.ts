import type { TodayItem } from '../api/client';
import { clinicTime } from '../format';

/**
 * A row of the Today table as the screen shows it. The host's reception fields win; for a
 * host that does not send them yet, they are derived from the raw appointment, never shown raw
 * (the full number in particular).
 */
export interface TodayRow {
  id: string;
  time: string;
  startIso: string;
  firstName: string;
  phoneMasked?: string;
  practitioner: { id: string; name: string };
  pmsStatus: string;
  isVideo: boolean;
  state: string;
  stateText?: string;
  /** `template` is a template name (ConsiderTeleHealth…); `status` is absent when only the progress record said a text went. */
  lastText?: { template: string; at: string; status?: string; deliveryStatus?: string };
  nextStep?: { step: string; template?: string; at: string };
  attention?: 'failed' | 'unknown' | 'undelivered';
  /** Why the latest text did not (surely) go, in the host's code (CA_ERR_…). */
  textProblem?: { status: string; code?: string };
  /** The patient needs an interpreter and none is booked into this video consult yet. */
  interpreterNeeded?: boolean;
  /** The confirm question's state and when the patient answered. */
  confirm?: { state: string; answeredAt?: string };
  /** The patient's reply to the confirm question could not be read (ISO time). */
  replyUnclearAt?: string;
  /** Running-late texts sent. */
  lateTexts?: number;
  /** When the practitioner is expected to call the patient in. */
  estimate?: { at: string; delayMinutes: number };
}

export function todayRow(item: TodayItem, timeZone: string | undefined): TodayRow {
  const { appointment } = item;
  return {
    id: appointment.id,
    time: item.startLocal ?? clinicTime(appointment.start, timeZone),
    startIso: appointment.start,
    firstName: item.patientFirstName ?? appointment.patient.firstName ?? appointment.patient.name.split(/\s+/)[0] ?? '',
    phoneMasked: item.phoneMasked ?? '',
    practitioner: item.practitioner ?? appointment.practitioner,
    pmsStatus: item.pmsStatus ?? appointment.status,
    isVideo: item.isVideo ?? appointment.isVideo,
    state: item.state,
    stateText: item.stateText,
    lastText: item.lastText ?? lastTextFromProgress(item.progress),
    nextStep: item.nextStep,
    attention: item.attention,
    textProblem: item.textProblem,
    interpreterNeeded: item.interpreterNeeded,
    confirm: item.confirm,
    replyUnclearAt: item.replyUnclearAt,
    lateTexts: item.lateTexts?.count,
    estimate: item.estimate,
  };
}

/** Progress times of the texts an appointment gets, and the template each stands for. */
const PROGRESS_TEXTS: Array<[field: string, template: string]> = [
  ['registrationSentAt', 'Registration'],
  ['screeningSentAt', 'ConsiderTeleHealth'],
  ['videoInviteSentAt', 'VideoInvite'],
  ['doctorReadySentAt', 'DoctorReady'],
  ['cancellationSentAt', 'Cancellation'],
];

/**
 * For a host without `lastText`: the newest text the progress record knows of (no delivery
 * status). Texts sent in the same pass share a time; the later step of the workflow wins.
 */
function lastTextFromProgress(progress: Record<string, unknown> | undefined): TodayRow['lastText'] {
  let newest: TodayRow['lastText'];
  for (const [field, step] of PROGRESS_TEXTS) {
    const at = progress?.[field];
    // A visit the PMS books as video gets a welcome instead of the screening question.
    const template = step === 'ConsiderTeleHealth' && progress?.videoRecordedInPms === true ? 'VideoWelcome' : step;
    if (typeof at === 'string' && (!newest || at >= newest.at)) newest = { template, at };
  }
  return newest;
}

export interface TodayFilter {
  practitionerId: string;
  search: string;
}

/** Practitioner (exact) and first name (starts a word, any case and accents). */
export function matchesFilter(row: TodayRow, filter: TodayFilter): boolean {
  if (filter.practitionerId && row.practitioner.id !== filter.practitionerId) return false;
  const query = fold(filter.search.trim());
  return query === '' || fold(row.firstName).includes(query);
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
}

/** Practitioners seen today, by name, for the filter. */
export function practitionersOf(rows: TodayRow[]): Array<{ id: string; name: string }> {
  const byId = new Map(rows.map((row) => [row.practitioner.id, row.practitioner]));
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name));
}
