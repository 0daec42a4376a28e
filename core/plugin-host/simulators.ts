import type { Appointment } from '@clinic-arrivals/plugin-kit';

/*
 * Extra surfaces of the built-in simulator plugins, used by the local API's simulator
 * endpoints and by tests. A real plugin never implements these.
 */

/** pms-simulator: appointments kept in the local store. */
export interface SimulatedPms {
  readonly simulator: 'pms';
  listAll(): Promise<Appointment[]>;
  /** Creates (no id or unknown id) or replaces an appointment; returns it as stored. */
  upsert(appointment: Omit<Appointment, 'id'> & { id?: string }): Promise<Appointment>;
  /** Partial edit (status, start…). Throws NotFoundError. */
  update(id: string, patch: Partial<Omit<Appointment, 'id'>>): Promise<Appointment>;
  remove(id: string): Promise<void>;
}

/** sms-simulator: records what was sent. */
export interface SimulatedSms {
  readonly simulator: 'sms';
  sent(): Promise<Array<{ providerId: string; to: string; body: string; at: number }>>;
  /** Make the next send fail with this error kind (tests). */
  failNext(kind: 'invalid-number' | 'opted-out' | 'rate-limited' | 'auth' | 'unavailable'): void;
}

/** inbox-simulator: replies injected through the API. */
export interface SimulatedInbox {
  readonly simulator: 'inbox';
  /** Queue an incoming message; returns its id. */
  inject(message: { from: string; body: string; id?: string; receivedAt?: string }): Promise<string>;
  /** Messages injected but not acknowledged yet. */
  pending(): Promise<number>;
  /**
   * A delivery report for a text the host sent (as a provider's status callback would bring),
   * handed to the host at once; resolves once the host stored it. NotReadyError while the host
   * has not registered its delivery status handler.
   */
  reportDeliveryStatus(report: { providerId: string; status: string; errorCode?: string }): Promise<string>;
}

/** video-simulator: fake rooms whose patient join is triggered through the API. */
export interface SimulatedVideo {
  readonly simulator: 'video';
  rooms(): Promise<Array<{ roomId: string; closed: boolean; patientJoined: boolean }>>;
  simulatePatientJoin(roomId: string): Promise<void>;
}

export function isSimulator<K extends string>(service: unknown, kind: K): boolean {
  return !!service && typeof service === 'object' && (service as { simulator?: string }).simulator === kind;
}
