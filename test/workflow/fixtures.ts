import { DateTime } from 'luxon';
import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { AppointmentProgress, PractitionerSettings } from '../../core/engine/progress.js';
import type { WorkflowSettings } from '../../core/engine/workflow-settings.js';
import type {
  BookedGuestFact,
  Decision,
  Effect,
  EngineAppointment,
  EngineSettings,
  EngineState,
  JoinCodeSettings,
  JoinLockFacts,
} from '../../core/engine/decisions.js';
import { decideIncoming } from '../../core/engine/decide-incoming.js';
import { decideScheduled } from '../../core/engine/decide-scheduled.js';
import { buildKeywordMap } from '../../core/engine/keywords.js';
import { startPass, type PassContext } from '../../core/engine/pass.js';

/** Scenario builder for workflow tests: a clinic in Sydney, time fixed, appointments in clinic-local time. */

export const TZ = 'Australia/Sydney';
export const TODAY = '2026-11-23';
/** The default patient phone. */
export const PHONE = '+61411000001';
export const OTHER_PHONE = '+61411000002';

/** Epoch ms of a clinic-local time, e.g. `local('2026-11-23T09:00')`. */
export function local(isoWithoutZone: string): number {
  const dt = DateTime.fromISO(isoWithoutZone, { zone: TZ });
  if (!dt.isValid) throw new Error(`bad local time ${isoWithoutZone}`);
  return dt.toMillis();
}

/** ISO with the clinic offset, as a PMS would send it. */
export function isoAt(ms: number): string {
  return DateTime.fromMillis(ms, { zone: TZ }).toISO({ suppressMilliseconds: true })!;
}

export function defaultWorkflow(): WorkflowSettings {
  return {
    registrationDaysAhead: 2,
    screeningMinutes: 180,
    videoInviteMinutes: 10,
    closeRoomsAfterMinutes: 60,
    inProgressStatus: 'fulfilled',
    cancellationMessages: false,
    quietHours: { start: '08:00', end: '20:00' },
    dailyCapPerNumber: 20,
    whitelist: [],
    keywords: { yes: [], no: [], arrived: [], joined: [], guest: [], code: [], refuseGuest: [], wait: [] },
    pollSeconds: 10,
    upcomingPollSeconds: 60,
  };
}

export interface AppointmentSpec {
  /** `HH:MM` on the scenario's date plus `day`, or a full local `yyyy-mm-ddTHH:MM`. */
  at: string;
  day?: number;
  status?: AppointmentStatus;
  /** E.164 mobile; `null` for none. @default PHONE */
  phone?: string | null;
  isVideo?: boolean;
  practitionerId?: string;
  minutes?: number;
  videoLink?: string;
  /** The patient's language as the PMS gives it (BCP 47); absent = the clinic's default. */
  language?: string;
}

export class Scenario {
  now: number;
  readonly appointments: EngineAppointment[] = [];
  readonly progress = new Map<string, AppointmentProgress>();
  readonly practitioners = new Map<string, PractitionerSettings>();
  readonly sentToday = new Map<string, number>();
  readonly optedOut = new Set<string>();
  readonly patientJoined = new Set<string>();
  /** Live guest grants per appointment. */
  readonly guestGrants = new Map<string, number>();
  /** Live guests booked by reception, per appointment. */
  readonly bookedGuests = new Map<string, BookedGuestFact[]>();
  /** Guests: `video.maxGuests` and the provider's guestLinks capability. */
  guests = { max: 2, linksAvailable: true };
  /** Join locks per appointment (`video.verifyJoin`). */
  readonly joinLocks = new Map<string, JoinLockFacts>();
  /** `video.verifyJoin` on with these settings; off when undefined. */
  joinCode: JoinCodeSettings | undefined = undefined;
  workflow: WorkflowSettings = defaultWorkflow();
  /** What the PMS plugin can write besides arrivals (confirm, cancel); neither when undefined. */
  pms: EngineSettings['pms'] = undefined;
  videoEnabled = true;
  whitelist = new Set<string>();
  private messageCount = 0;

  private constructor(now: number) {
    this.now = now;
  }

  /** A scenario at a clinic-local time: `Scenario.at('09:00')` (on {@link TODAY}) or `Scenario.at('2026-04-04T22:00')`. */
  static at(time: string): Scenario {
    return new Scenario(local(time.includes('T') ? time : `${TODAY}T${time}`));
  }

  /** Moves the clock to another local time on the same date (or a full local timestamp). */
  setTime(time: string): this {
    this.now = local(time.includes('T') ? time : `${this.date()}T${time}`);
    return this;
  }

  date(offsetDays = 0): string {
    return DateTime.fromMillis(this.now, { zone: TZ }).plus({ days: offsetDays }).toISODate()!;
  }

  appointment(id: string, spec: AppointmentSpec): this {
    const startMs = local(spec.at.includes('T') ? spec.at : `${this.date(spec.day ?? 0)}T${spec.at}`);
    const endMs = startMs + (spec.minutes ?? 15) * 60_000;
    const phone = spec.phone === undefined ? PHONE : spec.phone;
    const appointment: EngineAppointment = {
      id,
      start: isoAt(startMs),
      end: isoAt(endMs),
      startMs,
      endMs,
      status: spec.status ?? 'booked',
      patient: { id: `patient-${id}`, name: `Patient ${id}`, firstName: 'Pat', ...(phone ? { mobile: phone } : {}) },
      practitioner: { id: spec.practitionerId ?? 'dr-a', name: 'Dr A' },
      isVideo: spec.isVideo ?? false,
      ...(spec.videoLink ? { videoLink: spec.videoLink } : {}),
      ...(spec.language ? { language: spec.language } : {}),
      ...(phone ? { mobileE164: phone } : {}),
    };
    this.appointments.push(appointment);
    return this;
  }

  /** Changes an appointment as the PMS would (status, time). */
  update(id: string, change: { status?: AppointmentStatus; at?: string; day?: number }): this {
    const appointment = this.find(id);
    if (change.status) appointment.status = change.status;
    if (change.at) {
      const startMs = local(change.at.includes('T') ? change.at : `${this.date(change.day ?? 0)}T${change.at}`);
      const length = (appointment.endMs ?? appointment.startMs) - appointment.startMs;
      appointment.startMs = startMs;
      appointment.endMs = startMs + length;
      appointment.start = isoAt(startMs);
      appointment.end = isoAt(startMs + length);
    }
    return this;
  }

  find(id: string): EngineAppointment {
    const appointment = this.appointments.find((a) => a.id === id);
    if (!appointment) throw new Error(`no appointment ${id}`);
    return appointment;
  }

  withProgress(id: string, patch: Partial<AppointmentProgress>): this {
    const appointment = this.find(id);
    this.progress.set(id, { appointmentId: id, plannedStart: appointment.start, lastStatus: appointment.status, ...this.progress.get(id), ...patch });
    return this;
  }

  practitioner(id: string, settings: Omit<PractitionerSettings, 'practitionerId'>): this {
    this.practitioners.set(id, { practitionerId: id, ...settings });
    return this;
  }

  /** Applies the saveProgress patches of decisions, as the executor would after success. */
  apply(decisions: Decision[]): this {
    for (const decision of decisions) {
      for (const effect of decision.effects) {
        if (effect.type === 'saveProgress') {
          this.progress.set(effect.appointmentId, { appointmentId: effect.appointmentId, ...this.progress.get(effect.appointmentId), ...effect.patch });
        }
        if (effect.type === 'send') this.sentToday.set(effect.to, (this.sentToday.get(effect.to) ?? 0) + 1);
        if (effect.type === 'setOptOut') {
          if (effect.optedOut) this.optedOut.add(effect.phone);
          else this.optedOut.delete(effect.phone);
        }
      }
    }
    return this;
  }

  state(): EngineState {
    return {
      now: this.now,
      // A fresh array per call, as the runtime replaces it per poll (the engine memoises per array).
      appointments: [...this.appointments],
      progress: this.progress,
      practitioners: this.practitioners,
      sentToday: this.sentToday,
      optedOut: this.optedOut,
      patientJoined: this.patientJoined,
      guestGrants: this.guestGrants,
      joinLocks: this.joinLocks,
      bookedGuests: this.bookedGuests,
    };
  }

  settings(): EngineSettings {
    return {
      clinic: { name: 'Harbour Clinic', timeZone: TZ, region: 'AU', locale: 'en-AU' },
      workflow: this.workflow,
      videoEnabled: this.videoEnabled,
      keywords: buildKeywordMap(this.workflow.keywords),
      whitelist: this.whitelist,
      guests: this.guests,
      ...(this.joinCode ? { joinCode: this.joinCode } : {}),
      ...(this.pms ? { pms: this.pms } : {}),
    };
  }

  pass(): PassContext {
    return startPass(this.state(), this.settings());
  }

  scheduled(pass?: PassContext): Decision[] {
    return decideScheduled(this.state(), this.settings(), pass);
  }

  incoming(body: string, from = PHONE, pass?: PassContext): Decision[] {
    this.messageCount += 1;
    return decideIncoming(this.state(), this.settings(), { id: `SM${this.messageCount}`, from, body }, pass);
  }
}

export type SendEffect = Extract<Effect, { type: 'send' }>;

export function effectsOf(decisions: Decision[]): Effect[] {
  return decisions.flatMap((d) => d.effects);
}

export function sends(decisions: Decision[]): SendEffect[] {
  return effectsOf(decisions).filter((e): e is SendEffect => e.type === 'send');
}

/** Template names sent, in order. */
export function templates(decisions: Decision[]): string[] {
  return sends(decisions).map((s) => s.template);
}

/** Effect types of the decisions, in order. */
export function effectTypes(decisions: Decision[]): string[] {
  return effectsOf(decisions).map((e) => e.type);
}

export function only<T>(items: T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}: ${JSON.stringify(items, null, 1).slice(0, 800)}`);
  return items[0]!;
}

/** Everything the decisions save for the appointment, later saves over earlier ones (undefined when nothing). */
export function savedPatch(decisions: Decision[], appointmentId: string): Partial<AppointmentProgress> | undefined {
  const saves = effectsOf(decisions).filter((e) => e.type === 'saveProgress' && e.appointmentId === appointmentId);
  if (saves.length === 0) return undefined;
  return Object.assign({}, ...saves.map((e) => (e.type === 'saveProgress' ? e.patch : {})));
}

export function incomingState(decisions: Decision[]): Extract<Effect, { type: 'setIncomingState' }> | undefined {
  return effectsOf(decisions).find((e): e is Extract<Effect, { type: 'setIncomingState' }> => e.type === 'setIncomingState');
}

export function suppressed(decisions: Decision[]): Array<Extract<Effect, { type: 'suppressed' }>> {
  return effectsOf(decisions).filter((e): e is Extract<Effect, { type: 'suppressed' }> => e.type === 'suppressed');
}
