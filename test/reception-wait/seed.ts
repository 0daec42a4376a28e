import type { RunningHost } from '../../core/runtime/host.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import type { Store } from '../../core/store/store.js';
import type { AppointmentProgress } from '../../core/engine/progress.js';

/** Robin has an appointment tomorrow with Dr Lee: the one a confirm question is about. */
export const ROBIN_TOMORROW = {
  id: 'appt-robin',
  start: '2026-11-24T09:30:00+11:00',
  end: '2026-11-24T09:45:00+11:00',
  patient: { id: 'pat-robin', name: 'Robin Park', firstName: 'Robin', mobile: '0491 570 159' },
  practitioner: { id: 'prac-lee', name: 'Dr Lee' },
};
export const ROBIN_E164 = '+61491570159';

export function storeOf(host: RunningHost): Store {
  return host.container.resolve<Store>(TOKENS.Store);
}

/** Merges fields into an appointment's progress, as the engine's executor would have saved them. */
export async function saveProgress(host: RunningHost, appointmentId: string, fields: Partial<AppointmentProgress>): Promise<void> {
  const store = storeOf(host);
  const current = (await store.loadProgress([appointmentId])).get(appointmentId) ?? { appointmentId };
  await store.saveProgress({ ...current, ...fields, appointmentId });
}

export async function progressOf(host: RunningHost, appointmentId: string): Promise<AppointmentProgress | undefined> {
  return (await storeOf(host).loadProgress([appointmentId])).get(appointmentId);
}

/**
 * Robin replied NO to the confirm question and the clinic's `onNo` is `reception`: what the
 * engine leaves behind (the appointment waiting for reception, his text in the inbox).
 */
export async function robinWantsToCancel(host: RunningHost, at: number): Promise<string> {
  const store = storeOf(host);
  const id = `in-robin-no-${at}`;
  await store.recordIncoming({ id, from: ROBIN_E164, body: 'NO', receivedAt: at });
  await store.setIncomingState(id, 'unprocessed', { reason: 'wants-cancel', appointmentId: ROBIN_TOMORROW.id });
  await saveProgress(host, ROBIN_TOMORROW.id, { confirm: 'wants-cancel', confirmAnsweredAt: at, registrationSentAt: at - 3_600_000 });
  return id;
}
