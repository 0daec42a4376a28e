import type { Appointment, AppointmentSource } from '@clinic-arrivals/plugin-kit';
import type { EngineSettings } from '../engine/decisions.js';

/*
 * Optional abilities the host may use when a plugin's service happens to have them, checked by
 * shape (no plugin is named or imported): the simulators have both, real providers neither.
 */

/** An appointment book the host may write to (the demo day is seeded through it). */
export interface WritableAppointmentBook {
  /** Creates (no id or unknown id) or replaces an appointment; returns it as stored. */
  upsert(appointment: Omit<Appointment, 'id'> & { id?: string }): Promise<Appointment>;
}

/** An inbox that can say how many messages it holds, so a host driven by hand can drain it. */
export interface CountingInbox {
  pending(): Promise<number>;
}

/**
 * What the PMS plugin can write besides arrivals: its optional contract methods (kit 2.3.0).
 * The engine asks patients to confirm only when it can record the answer, and sends a NO to
 * reception when it cannot cancel.
 */
export function pmsWritesOf(source: AppointmentSource | undefined): NonNullable<EngineSettings['pms']> {
  return { canConfirm: typeof source?.confirmAppointment === 'function', canCancel: typeof source?.cancelAppointment === 'function' };
}

export function isWritableAppointmentBook(service: unknown): service is WritableAppointmentBook {
  return hasMethod(service, 'upsert');
}

export function isCountingInbox(service: unknown): service is CountingInbox {
  return hasMethod(service, 'pending');
}

function hasMethod(value: unknown, name: string): boolean {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, name) === 'function';
}
