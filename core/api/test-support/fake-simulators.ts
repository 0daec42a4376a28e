import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { SimulatedInbox, SimulatedPms, SimulatedSms, SimulatedVideo } from '../../plugin-host/simulators.js';

/* In-memory simulators for the API's tests. */

export class MemorySimulatedPms implements SimulatedPms {
  readonly simulator = 'pms' as const;
  readonly appointments = new Map<string, Appointment>();
  private nextId = 1;

  async listAll(): Promise<Appointment[]> {
    return [...this.appointments.values()];
  }
  async upsert(appointment: Omit<Appointment, 'id'> & { id?: string }): Promise<Appointment> {
    const stored = { ...appointment, id: appointment.id ?? `sim-${this.nextId++}` };
    this.appointments.set(stored.id, stored);
    return stored;
  }
  async update(id: string, patch: Partial<Omit<Appointment, 'id'>>): Promise<Appointment> {
    const current = this.appointments.get(id);
    if (!current) throw new NotFoundError(`appointment ${id} not found`);
    const updated = { ...current, ...patch, id };
    this.appointments.set(id, updated);
    return updated;
  }
  async remove(id: string): Promise<void> {
    this.appointments.delete(id);
  }
}

export class MemorySimulatedSms implements SimulatedSms {
  readonly simulator = 'sms' as const;
  readonly messages: Array<{ providerId: string; to: string; body: string; at: number }> = [];
  failures: string[] = [];

  async sent() {
    return [...this.messages];
  }
  failNext(kind: 'invalid-number' | 'opted-out' | 'rate-limited' | 'auth' | 'unavailable'): void {
    this.failures.push(kind);
  }
}

export class MemorySimulatedInbox implements SimulatedInbox {
  readonly simulator = 'inbox' as const;
  readonly queued: Array<{ id: string; from: string; body: string }> = [];

  async inject(message: { from: string; body: string; id?: string }): Promise<string> {
    const id = message.id ?? `in-${this.queued.length + 1}`;
    this.queued.push({ id, from: message.from, body: message.body });
    return id;
  }
  async pending(): Promise<number> {
    return this.queued.length;
  }
  readonly statusReports: Array<{ providerId: string; status: string; errorCode?: string }> = [];
  async reportDeliveryStatus(report: { providerId: string; status: string; errorCode?: string }): Promise<string> {
    this.statusReports.push(report);
    return `${report.providerId}:${report.status}`;
  }
}

export class MemorySimulatedVideo implements SimulatedVideo {
  readonly simulator = 'video' as const;
  readonly roomList: Array<{ roomId: string; closed: boolean; patientJoined: boolean }> = [];

  async rooms() {
    return this.roomList.map((room) => ({ ...room }));
  }
  async simulatePatientJoin(roomId: string): Promise<void> {
    const room = this.roomList.find((candidate) => candidate.roomId === roomId);
    if (!room) throw new NotFoundError(`room ${roomId} not found`);
    room.patientJoined = true;
  }
}
