import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { EngineAppointment } from '../../core/engine/decisions.js';
import type { AppointmentProgress } from '../../core/engine/progress.js';
import type { SimPatient } from './clinic-day.js';

const MINUTE = 60_000;

/**
 * What the host knows of the simulated day: the appointments as the PMS lists them and the
 * progress the host recorded (arrivedAt, calledAt, doneAt), updated as it would see each change.
 */
export class HostView {
  readonly appointments: EngineAppointment[] = [];
  readonly progress = new Map<string, AppointmentProgress>();
  private readonly byId = new Map<string, EngineAppointment>();

  constructor(
    private readonly midnightMs: number,
    private readonly inProgressStatus: AppointmentStatus,
    /** The clinic marks visits finished with a status of their own, so the host sees them end. */
    private readonly seesDone: boolean,
  ) {}

  msAt(minute: number): number {
    return this.midnightMs + minute * MINUTE;
  }

  listed(patient: SimPatient): void {
    const startMs = this.msAt(patient.start);
    const appointment: EngineAppointment = {
      id: patient.id,
      start: new Date(startMs).toISOString(),
      end: new Date(startMs + 15 * MINUTE).toISOString(),
      startMs,
      endMs: startMs + 15 * MINUTE,
      status: 'booked',
      patient: { id: `pt-${patient.id}`, name: 'Patient' },
      practitioner: { id: `pr${patient.practitioner}`, name: `Practitioner ${patient.practitioner}` },
      isVideo: false,
      created: new Date(this.msAt(patient.createdAt)).toISOString(),
    };
    this.appointments.push(appointment);
    this.byId.set(patient.id, appointment);
    this.progress.set(patient.id, { appointmentId: patient.id });
  }

  arrived(id: string, minute: number): void {
    this.byId.get(id)!.status = 'arrived';
    this.progress.get(id)!.arrivedAt = this.msAt(minute);
  }

  called(id: string, minute: number): void {
    this.byId.get(id)!.status = this.inProgressStatus;
    this.progress.get(id)!.calledAt = this.msAt(minute);
  }

  done(id: string, minute: number): void {
    if (!this.seesDone) return;
    this.byId.get(id)!.status = 'fulfilled';
    this.progress.get(id)!.doneAt = this.msAt(minute);
  }

  markedNoShow(id: string): void {
    this.byId.get(id)!.status = 'noshow';
  }
}
