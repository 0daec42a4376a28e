import type { AppointmentProgress } from '../engine/progress.js';
import type { Store } from '../store/store.js';

/**
 * Progress of the appointments one decision touches: read once from the store, every
 * change written back at once so a crash never loses a step that already happened
 * (a created room above all).
 */
export class ProgressBook {
  private readonly cache = new Map<string, AppointmentProgress>();

  constructor(private readonly store: Store) {}

  async get(appointmentId: string): Promise<AppointmentProgress | undefined> {
    if (!this.cache.has(appointmentId)) {
      const loaded = await this.store.loadProgress([appointmentId]);
      const progress = loaded.get(appointmentId);
      if (progress) this.cache.set(appointmentId, progress);
    }
    return this.cache.get(appointmentId);
  }

  /** Merges `patch` into the stored progress and saves it. A key set to undefined is cleared. */
  async merge(appointmentId: string, patch: Partial<AppointmentProgress>): Promise<AppointmentProgress> {
    const current = (await this.get(appointmentId)) ?? { appointmentId };
    const next: AppointmentProgress = { ...current, ...patch, appointmentId };
    for (const key of Object.keys(next) as Array<keyof AppointmentProgress>) {
      if (next[key] === undefined) delete next[key];
    }
    await this.store.saveProgress(next);
    this.cache.set(appointmentId, next);
    return next;
  }
}
