import type { TimeRange } from '@clinic-arrivals/plugin-kit';
import type { Resource } from './client.js';
import { indexResource, type ResourceIndex } from './references.js';
import type { PollData } from './search.js';

/** The last full listing of one window, kept current with the changes read since. */
export interface HeldWindow {
  appointments: Map<string, Resource>;
  index: ResourceIndex;
  truncated: boolean;
  /** Host clock at the last full read: when the next one is due. */
  fullReadAt: number;
  /** Server time of the last poll's answer: where the next change query starts (minus the overlap). */
  serverTime: number;
}

const DAY_MS = 86_400_000;
const WITH_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** A window as a full read found it. */
export function holdFullRead(data: PollData, serverTime: number, hostNow: number): HeldWindow {
  return {
    appointments: new Map(data.appointments.filter((a) => a.id).map((a) => [a.id!, a])),
    index: data.index,
    truncated: data.truncated,
    fullReadAt: hostNow,
    serverTime,
  };
}

/**
 * Applies changed appointments: one still in `statuses` and in the window is (re)placed, any
 * other leaves the listing (moved to another day, cancelled when `cancelled` is not listed,
 * entered-in-error). Resources included with the changes replace older copies.
 */
export function mergeChanges(held: HeldWindow, changes: PollData, statuses: readonly string[], range: TimeRange, serverTime: number): void {
  for (const resource of changes.index.values()) indexResource(held.index, resource);
  for (const appointment of changes.appointments) {
    if (!appointment.id) continue;
    const { status, start } = appointment as { status?: string; start?: string };
    const at = start ? Date.parse(start) : NaN;
    // A start without an offset is kept for the mapping to count as unreadable, as a full read would.
    const nearWindow = start && WITH_OFFSET.test(start) ? at >= range.from && at < range.to : !(at < range.from - DAY_MS || at >= range.to + DAY_MS);
    if (status && statuses.includes(status) && nearWindow) held.appointments.set(appointment.id, appointment);
    else held.appointments.delete(appointment.id);
  }
  held.serverTime = serverTime;
}

/** The held window as a poll's data, for mapping. */
export function heldAsPollData(held: HeldWindow): PollData {
  return { appointments: [...held.appointments.values()], index: held.index, truncated: held.truncated, serverTime: held.serverTime };
}
