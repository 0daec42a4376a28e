import {
  BEFORE_ARRIVAL_STATUSES,
  isAppointmentStatus,
  type Appointment,
  type AppointmentListing,
  type AppointmentSource,
  type TimeRange,
} from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { HealthReport } from '@clinic-arrivals/plugin-kit';
import { ClinicArrivalsError, NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { SimulatedAppointmentInput } from './options.js';

/**
 * An appointment as the simulated book holds it: what any PMS lists, plus what a PMS records of
 * a patient's text answer and shows to staff (not in the listing the engine reads).
 */
export interface SimulatedAppointment extends Appointment {
  /** When the patient confirmed by text (ISO); the first confirmation is kept. */
  confirmedAt?: string;
  /** Why it was cancelled, when the host cancelled it because the patient asked to. */
  cancellationReason?: 'patient';
}

const APPOINTMENTS_KEY = 'appointments';
const NEXT_ID_KEY = 'nextId';

/** An appointment given to the simulator is incomplete or malformed. */
export class InvalidAppointmentError extends ClinicArrivalsError {
  constructor(message: string) {
    super('CA_ERR_INVALID_APPOINTMENT', message);
  }
}

/**
 * A PMS that lives in the host's own store: an {@link AppointmentSource} for the engine, with
 * the appointment book its API routes (routes.ts) and tests edit. Ids are `sim-1`, `sim-2`, …
 */
export class PmsSimulator implements AppointmentSource {
  // Read-modify-write of the appointment map must not interleave.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly state: PluginState,
    private readonly logger: Logger,
  ) {}

  /** Loads `seed` when the store has never held simulator appointments. */
  async seedIfEmpty(seed: readonly SimulatedAppointmentInput[]): Promise<void> {
    const initialised = (await this.state.get<number>(NEXT_ID_KEY)) !== undefined;
    if (initialised) return;
    for (const appointment of seed) await this.upsert(appointment);
    await this.exclusive(async () => {
      if ((await this.state.get(NEXT_ID_KEY)) === undefined) await this.state.set(NEXT_ID_KEY, 1);
    });
    this.logger.debug({ count: seed.length }, 'pms-simulator seeded');
  }

  async listAppointments(range: TimeRange): Promise<AppointmentListing> {
    const appointments = Object.values(await this.load())
      .filter((a) => {
        const start = Date.parse(a.start);
        return start >= range.from && start < range.to;
      })
      .sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
      .map(asListed);
    return { appointments };
  }

  async markArrived(appointmentId: string): Promise<void> {
    await this.exclusive(async () => {
      const all = await this.load();
      const current = all[appointmentId];
      if (!current) throw new NotFoundError(`pms-simulator: no appointment ${appointmentId}`);
      // Only a visit still before arrival moves, as the contract says.
      if (!BEFORE_ARRIVAL_STATUSES.has(current.status)) return;
      all[appointmentId] = { ...current, status: 'arrived' };
      await this.save(all);
    });
  }

  async recordVideoConsult(appointmentId: string, practitionerLink: string): Promise<void> {
    await this.update(appointmentId, { isVideo: true, videoLink: practitionerLink });
  }

  /** Records the time of the patient's confirmation; an appointment already confirmed keeps its first. */
  async confirmAppointment(appointmentId: string, confirmedAt: string): Promise<void> {
    await this.exclusive(async () => {
      const all = await this.load();
      const current = all[appointmentId];
      if (!current) throw new NotFoundError(`pms-simulator: no appointment ${appointmentId}`);
      if (current.confirmedAt !== undefined) return;
      all[appointmentId] = { ...current, confirmedAt };
      await this.save(all);
    });
  }

  /** `cancelled` with reason `patient`, while still before arrival (as the contract says). */
  async cancelAppointment(appointmentId: string): Promise<void> {
    await this.exclusive(async () => {
      const all = await this.load();
      const current = all[appointmentId];
      if (!current) throw new NotFoundError(`pms-simulator: no appointment ${appointmentId}`);
      if (!BEFORE_ARRIVAL_STATUSES.has(current.status)) return;
      all[appointmentId] = { ...current, status: 'cancelled', cancellationReason: 'patient' };
      await this.save(all);
    });
  }

  /** The whole book, with what staff see of patients' answers (the API's view). */
  async listAll(): Promise<SimulatedAppointment[]> {
    return Object.values(await this.load()).sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  }

  async upsert(input: SimulatedAppointmentInput): Promise<Appointment> {
    return this.exclusive(async () => {
      const all = await this.load();
      const id = input.id ?? (await this.takeNextId(all));
      const appointment = normalise({ ...input, id });
      all[id] = appointment;
      await this.save(all);
      return appointment;
    });
  }

  /** Edits an appointment; a confirmation stays, a cancellation reason only while it stays cancelled. */
  async update(id: string, patch: Partial<Omit<Appointment, 'id'>>): Promise<SimulatedAppointment> {
    return this.exclusive(async () => {
      const all = await this.load();
      const current = all[id];
      if (!current) throw new NotFoundError(`pms-simulator: no appointment ${id}`);
      const updated: SimulatedAppointment = normalise({ ...current, ...patch, id });
      if (current.confirmedAt !== undefined) updated.confirmedAt = current.confirmedAt;
      if (current.cancellationReason && updated.status === 'cancelled') updated.cancellationReason = current.cancellationReason;
      all[id] = updated;
      await this.save(all);
      return updated;
    });
  }

  async remove(id: string): Promise<void> {
    await this.exclusive(async () => {
      const all = await this.load();
      if (!all[id]) throw new NotFoundError(`pms-simulator: no appointment ${id}`);
      delete all[id];
      await this.save(all);
    });
  }

  async health(): Promise<HealthReport> {
    const count = Object.keys(await this.load()).length;
    return { status: 'ok', detail: `${count} simulated appointments`, data: { appointments: count } };
  }

  private async load(): Promise<Record<string, SimulatedAppointment>> {
    return (await this.state.get<Record<string, SimulatedAppointment>>(APPOINTMENTS_KEY)) ?? {};
  }

  private async save(all: Record<string, SimulatedAppointment>): Promise<void> {
    await this.state.set(APPOINTMENTS_KEY, all);
  }

  /** Next free `sim-<n>`; skips numbers already taken by explicit ids. */
  private async takeNextId(all: Record<string, SimulatedAppointment>): Promise<string> {
    let n = (await this.state.get<number>(NEXT_ID_KEY)) ?? 1;
    while (all[`sim-${n}`]) n++;
    await this.state.set(NEXT_ID_KEY, n + 1);
    return `sim-${n}`;
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** The appointment as a PMS lists it: what it records of the patient's answers stays in the book. */
function asListed(stored: SimulatedAppointment): Appointment {
  const { confirmedAt: _confirmedAt, cancellationReason: _reason, ...listed } = stored;
  return listed;
}

/** Checks an appointment and fills the defaults (status `booked`, not video); drops unknown fields. */
function normalise(input: SimulatedAppointmentInput & { id: string }): Appointment {
  const fail = (what: string): never => {
    throw new InvalidAppointmentError(`pms-simulator: appointment ${input.id}: ${what}`);
  };
  if (typeof input.start !== 'string' || !Number.isFinite(Date.parse(input.start))) fail('start must be an ISO 8601 timestamp');
  if (input.end !== undefined && !Number.isFinite(Date.parse(input.end))) fail('end must be an ISO 8601 timestamp');
  const status = input.status ?? 'booked';
  if (!isAppointmentStatus(status)) fail(`unknown status "${String(status)}"`);
  const { patient, practitioner } = input;
  if (!patient || typeof patient.id !== 'string' || !patient.id || typeof patient.name !== 'string' || !patient.name) fail('patient needs id and name');
  if (!practitioner || typeof practitioner.id !== 'string' || !practitioner.id || typeof practitioner.name !== 'string' || !practitioner.name)
    fail('practitioner needs id and name');

  const appointment: Appointment = {
    id: input.id,
    start: input.start,
    status,
    patient: {
      id: patient.id,
      name: patient.name,
      ...(patient.firstName !== undefined && { firstName: patient.firstName }),
      ...(patient.mobile !== undefined && { mobile: patient.mobile }),
    },
    practitioner: { id: practitioner.id, name: practitioner.name },
    isVideo: input.isVideo ?? false,
  };
  if (input.end !== undefined) appointment.end = input.end;
  if (input.videoLink !== undefined) appointment.videoLink = input.videoLink;
  if (input.created !== undefined) appointment.created = input.created;
  if (typeof input.interpreterRequired === 'boolean') appointment.interpreterRequired = input.interpreterRequired;
  // An empty language (an edit clearing it) means none: the clinic's default.
  if (typeof input.language === 'string' && input.language.trim() !== '') appointment.language = input.language.trim();
  return appointment;
}
