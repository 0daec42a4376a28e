import { clinicCalendar, insideWindow, type ClinicCalendar } from './calendar.js';
import type { EngineAppointment, EngineSettings, EngineState } from './decisions.js';
import type { EngineFailure } from './failures.js';
import { SendGate } from './send-gate.js';
import { practitionerQueues, type PractitionerQueue } from './wait/practitioner-queue.js';
import { runningLateSettingsOf, type WorkflowSettings } from './workflow-settings.js';

/** Appointments per E.164 mobile, each list sorted by start. */
export type PhoneIndex = Map<string, EngineAppointment[]>;

/**
 * Everything a pass computes once and shares between `decideScheduled` and every
 * `decideIncoming` of the same pass: calendar boundaries, the phone index, and the send gate
 * (which counts this pass's sends against the daily cap). Appointments the pass could not
 * decide for are reported in `failures`.
 */
export interface PassContext {
  now: number;
  calendar: ClinicCalendar;
  /** Non-urgent texts (registration, cancellation) may go out now. */
  insideSendingHours: boolean;
  byPhone: PhoneIndex;
  gate: SendGate;
  /** Appointments whose decision threw in this pass (skipped; the others went on). Empty when all went well. */
  failures: EngineFailure[];
  /** The clinic's workflow settings (what the PMS sync reads: the in-progress status, the screening window). */
  workflow: WorkflowSettings;
  /**
   * Every practitioner's live queue today, keyed by practitioner id: computed on first use, once
   * per pass, from the stored progress as the pass began (what this pass records counts next pass).
   */
  queues(): ReadonlyMap<string, PractitionerQueue>;
}

/**
 * Index per appointments array. The engine treats `state.appointments` as immutable (the
 * runtime replaces the array after each PMS poll), so every pass and every message between
 * two polls shares one index instead of rebuilding it.
 */
const indexCache = new WeakMap<readonly EngineAppointment[], PhoneIndex>();

/**
 * Indexes appointments with a usable mobile by that mobile, each list sorted by start.
 * O(n), memoised per array: replace the array (never mutate it) when appointments change.
 */
export function indexByPhone(appointments: readonly EngineAppointment[]): PhoneIndex {
  const cached = indexCache.get(appointments);
  if (cached) return cached;
  const index = buildPhoneIndex(appointments);
  indexCache.set(appointments, index);
  return index;
}

function buildPhoneIndex(appointments: readonly EngineAppointment[]): PhoneIndex {
  const index: PhoneIndex = new Map();
  for (const appointment of appointments) {
    const phone = appointment.mobileE164;
    if (!phone || !Number.isFinite(appointment.startMs)) continue;
    const list = index.get(phone);
    if (list) list.push(appointment);
    else index.set(phone, [appointment]);
  }
  for (const list of index.values()) if (list.length > 1) list.sort((x, y) => x.startMs - y.startMs);
  return index;
}

/**
 * Starts a pass over `state`. Pass the same context to `decideScheduled` and to each
 * `decideIncoming` of the pass so the daily cap counts every send decided in it; a
 * prebuilt phone index can be handed in when the runtime already has one.
 */
export function startPass(state: EngineState, settings: EngineSettings, byPhone?: PhoneIndex): PassContext {
  const calendar = clinicCalendar(state.now, settings.clinic.timeZone, settings.workflow.registrationDaysAhead);
  let queues: Map<string, PractitionerQueue> | undefined;
  return {
    now: state.now,
    calendar,
    insideSendingHours: insideWindow(calendar.minuteOfDay, settings.workflow.quietHours),
    byPhone: byPhone ?? indexByPhone(state.appointments),
    gate: new SendGate(state, settings),
    failures: [],
    workflow: settings.workflow,
    queues: () => (queues ??= queuesOf(state, settings, calendar)),
  };
}

/** Today's queues from the state the pass began with. */
function queuesOf(state: EngineState, settings: EngineSettings, calendar: ClinicCalendar): Map<string, PractitionerQueue> {
  const dayStartMs = calendar.dayStarts[0]!;
  const dayEndMs = calendar.dayStarts[1]!;
  return practitionerQueues({
    appointments: state.appointments.filter((a) => a.startMs >= dayStartMs && a.startMs < dayEndMs),
    progress: state.progress,
    practitioners: state.practitioners,
    now: state.now,
    today: calendar.today,
    dayStartMs,
    dayEndMs,
    inProgressStatus: settings.workflow.inProgressStatus,
    settings: runningLateSettingsOf(settings.workflow),
  });
}
