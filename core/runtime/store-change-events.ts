import type { DeliveryStatusOutcome, GuestGrantRecord, IncomingRecord, NewOutboxEntry, OutboxEntry, Store } from '../store/store.js';
import type { AppointmentProgress, PractitionerSettings } from '../engine/progress.js';
import type { HostEvents } from './host-events.js';

/*
 * Change events from the store's writes. The store is where a change becomes true, so an event
 * never announces something that was not saved, and every writer (loops, replies, the API, the
 * executor) is covered without each remembering to emit. Reads and other methods pass through.
 * A new store method that changes what reception sees gets a line in WRITES.
 */

type Emit = HostEvents['emit'];
type Writes = { [K in keyof Store]?: (emit: Emit, args: Parameters<Store[K]>, result: Awaited<ReturnType<Store[K]>>, sends: SendsInFlight) => void };

/** Appointment of each send begun and not yet finished, so its finish can name the appointment. */
type SendsInFlight = Map<number, string | undefined>;

function emitSend(emit: Emit, id: number, appointmentId: string | undefined): void {
  emit('sends', String(id));
  if (appointmentId !== undefined) emit('appointments', appointmentId);
}

const WRITES: Writes = {
  saveProgress: (emit, [progress]: [AppointmentProgress]) => emit('appointments', progress.appointmentId),
  beginSend: (emit, [entry]: [NewOutboxEntry, number], result: OutboxEntry, sends) => {
    sends.set(result.id, entry.appointmentId);
    emitSend(emit, result.id, entry.appointmentId);
  },
  finishSend: (emit, [id]: [number, ...unknown[]], _result, sends) => {
    const appointmentId = sends.get(id);
    sends.delete(id);
    emitSend(emit, id, appointmentId);
  },
  // A delivery report that moved a text on (repeats and late earlier reports change nothing).
  recordDeliveryStatus: (emit, _args, result: DeliveryStatusOutcome) => {
    if (result.matched && result.changed) emitSend(emit, result.entry.id, result.entry.appointmentId);
  },
  markUnfinishedUnknown: (emit, _args, result: OutboxEntry[]) => {
    for (const entry of result) emitSend(emit, entry.id, entry.appointmentId);
  },
  recordIncoming: (emit, [message]: [{ id: string }], isNew: boolean) => {
    if (isNew) emit('messages', message.id);
  },
  setIncomingState: (emit, [id, _state, detail]: [string, IncomingRecord['state'], { appointmentId?: string }?]) => {
    emit('messages', id);
    if (detail?.appointmentId !== undefined) emit('appointments', detail.appointmentId);
  },
  // An unknown send settled (by a person or the provider's records) leaves the "needs a look" list and the status count.
  resolveUnknownSend: (emit, [id]: [number, ...unknown[]], result: OutboxEntry) => {
    emitSend(emit, id, result?.appointmentId);
    emit('status');
  },
  // Inbox actions: the conversation list changes (no id: conversations are named by number in the store).
  closeConversation: (emit) => emit('messages'),
  linkConversation: (emit, [, appointmentId]: [string, string, number]) => {
    emit('messages');
    emit('appointments', appointmentId);
  },
  // Guests of a video consult, shown in the appointment's row.
  recordGuestGrant: (emit, [grant]: [{ appointmentId: string }, number]) => emit('appointments', grant.appointmentId),
  setGuestLink: (emit, _args, result: GuestGrantRecord | undefined) => {
    if (result) emit('appointments', result.appointmentId);
  },
  markGuestSent: (emit, _args, result: GuestGrantRecord | undefined) => {
    if (result) emit('appointments', result.appointmentId);
  },
  bookGuest: (emit, _args, result: GuestGrantRecord) => emit('appointments', result.appointmentId),
  activateBookedGuest: (emit, _args, result: GuestGrantRecord | undefined) => {
    if (result) emit('appointments', result.appointmentId);
  },
  markGuestPatientTold: (emit, _args, result: GuestGrantRecord | undefined) => {
    if (result) emit('appointments', result.appointmentId);
  },
  revokeGuestGrant: (emit, args: unknown[], result: GuestGrantRecord | undefined) => {
    if (result) emit('appointments', result.appointmentId);
    // A revocation recorded with its activity line (a patient's NO GUEST).
    if (args[3] !== undefined) emit('activity');
  },
  // Opt-outs are listed on the status page.
  setOptedOut: (emit) => emit('status'),
  savePractitioner: (emit, [settings]: [PractitionerSettings]) => emit('practitioners', settings.practitionerId),
  // The activity list follows what staff do in other browsers.
  recordActivity: (emit) => emit('activity'),
};

/**
 * The same store, announcing its writes on `events` once they succeed. A failed write announces
 * nothing. Everything else (reads, `close`, methods added later) is the store's own.
 */
export function storeWithChangeEvents(store: Store, events: HostEvents): Store {
  const sends: SendsInFlight = new Map();
  const emit: Emit = (topic, id) => events.emit(topic, id);
  // One wrapper per method, made on first use: the store is called many times a second.
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      // The store itself as `this`: its private fields are not reachable through the proxy.
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      const known = methods.get(property);
      if (known) return known;
      const announce = WRITES[property as keyof Store] as ((emit: Emit, args: unknown[], result: unknown, sends: SendsInFlight) => void) | undefined;
      const method = announce
        ? async (...args: unknown[]) => {
            const result = await value.apply(target, args);
            announce(emit, args, result, sends);
            return result;
          }
        : value.bind(target);
      methods.set(property, method);
      return method;
    },
  });
}
