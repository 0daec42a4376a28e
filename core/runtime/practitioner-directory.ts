import type { PractitionerPatch, PractitionerView } from '../api/host-api.js';
import type { PractitionerConfig as ConfiguredPractitioner } from '../config/types.js';
import type { PractitionerSettings } from '../engine/progress.js';
import type { Store } from '../store/store.js';

/**
 * In the store, an empty room means "cleared in the app": it hides a room the config gives.
 * The API refuses an empty room, so it can only come from a clear.
 */
const CLEARED_ROOM = '';

/**
 * The settings in effect: the config's values are the starting point, and every field changed
 * in the app (kept in the store) wins over them. A practitioner is `seen` once a poll has
 * saved the name the PMS gives; configured ones that no poll has seen yet are listed too.
 */
export function effectivePractitioners(
  stored: readonly PractitionerSettings[],
  configured: Readonly<Record<string, ConfiguredPractitioner>>,
): PractitionerView[] {
  const byId = new Map(stored.map((p) => [p.practitionerId, p]));
  const ids = [...new Set([...byId.keys(), ...Object.keys(configured)])].sort();
  return ids.map((id) => {
    const saved = byId.get(id);
    const view: PractitionerView = { practitionerId: id, seen: saved?.name !== undefined };
    if (saved?.name !== undefined) view.name = saved.name;
    const fromConfig = configured[id] ?? {};
    const room = saved?.room ?? fromConfig.room;
    if (room !== undefined && room !== CLEARED_ROOM) view.room = room;
    const ignore = saved?.ignore ?? fromConfig.ignore;
    if (ignore !== undefined) view.ignore = ignore;
    const noVideo = saved?.noVideo ?? fromConfig.noVideo;
    if (noVideo !== undefined) view.noVideo = noVideo;
    // Reception's settings for one clinic day are the app's alone (the config has none).
    if (saved?.lateOverride !== undefined) view.lateOverride = { ...saved.lateOverride };
    if (saved?.lateTextsMutedOn !== undefined) view.lateTextsMutedOn = saved.lateTextsMutedOn;
    return view;
  });
}

/**
 * Practitioner settings from the config and the store together, for the engine and the API.
 * Works for ids no poll has seen yet, so a practitioner can be ignored before their first
 * appointment is ever read.
 */
export class PractitionerDirectory {
  constructor(
    private readonly store: Store,
    private readonly configured: Readonly<Record<string, ConfiguredPractitioner>> = {},
  ) {}

  async list(): Promise<PractitionerView[]> {
    return effectivePractitioners(await this.store.listPractitioners(), this.configured);
  }

  /** The settings in effect by id, as the engine reads them. */
  async map(): Promise<Map<string, PractitionerSettings>> {
    const stored = await this.store.listPractitioners();
    return new Map(effectivePractitioners(stored, this.configured).map(({ seen: _seen, ...settings }) => [settings.practitionerId, settings]));
  }

  /**
   * Stores the app's change (creating the record for an id no poll has seen) and returns the
   * settings in effect. Run it inside the host's lane so it never interleaves with a poll.
   */
  async update(id: string, patch: PractitionerPatch): Promise<PractitionerView> {
    const existing = (await this.store.listPractitioners()).find((p) => p.practitionerId === id);
    const updated: PractitionerSettings = { ...existing, practitionerId: id };
    if (patch.room !== undefined) updated.room = patch.room ?? CLEARED_ROOM;
    if (patch.ignore !== undefined) updated.ignore = patch.ignore;
    if (patch.noVideo !== undefined) updated.noVideo = patch.noVideo;
    await this.store.savePractitioner(updated);
    const views = effectivePractitioners([updated], { [id]: this.configured[id] ?? {} });
    return views[0]!;
  }
}
