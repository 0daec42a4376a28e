import type { Appointment } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';

/**
 * Keeps the store's practitioner list in step with the PMS: every practitioner seen in a
 * poll is saved with the name the PMS gives, so the API can list them for room settings.
 * Settings made through the API (room, ignore, noVideo) are kept.
 */
export class PractitionerRoster {
  private names?: Map<string, string | undefined>;

  constructor(private readonly store: Store) {}

  async noticeAll(appointments: readonly Appointment[]): Promise<void> {
    if (!this.names) {
      this.names = new Map((await this.store.listPractitioners()).map((p) => [p.practitionerId, p.name]));
    }
    const seen = new Map<string, string>();
    for (const a of appointments) {
      const id = a.practitioner?.id;
      if (id && !seen.has(id)) seen.set(id, a.practitioner.name);
    }
    for (const [id, name] of seen) {
      if (this.names.has(id) && this.names.get(id) === name) continue;
      const existing = (await this.store.listPractitioners()).find((p) => p.practitionerId === id);
      await this.store.savePractitioner({ ...existing, practitionerId: id, name });
      this.names.set(id, name);
    }
  }
}
