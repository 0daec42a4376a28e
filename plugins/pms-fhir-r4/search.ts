import { DateTime } from 'luxon';
import type { TimeRange } from '@clinic-arrivals/plugin-kit';
import { serverTimeOf, type Bundle, type FhirConnection, type Resource } from './client.js';
import type { FilterParams } from './filters.js';
import type { FhirPmsOptions } from './options.js';
import { indexResource, localReference, typeOf, type ResourceIndex } from './references.js';

/** What one poll read: the appointments found, and every other resource it has at hand. */
export interface PollData {
  appointments: Resource[];
  index: ResourceIndex;
  /** True when `maxPages` stopped the paging with a `next` link still pending. */
  truncated: boolean;
  /** The server's time of its first answer (see serverTimeOf); undefined when it gives none. */
  serverTime?: number;
}

/** How many ids go into one `_id=a,b,c` search when filling gaps (keeps URLs short). */
const ID_CHUNK = 50;

/**
 * One search per poll (per clinic-local day in `day` mode), its pages followed, then the
 * references the bundle left out read once each, batched by type (`_id=a,b,c`).
 */
export async function fetchWindow(
  connection: FhirConnection,
  options: FhirPmsOptions,
  filters: FilterParams,
  range: TimeRange,
  timeZone: string,
): Promise<PollData> {
  const searches = dateParameters(options.dateSearch, range, timeZone).map((date) => ({ ...filters, date, status: options.statuses.join(',') }));
  return fetchAppointments(connection, options, searches);
}

/**
 * Appointments changed after `since` (server time), whatever their date or status now, so one
 * moved out of the window or out of `statuses` is seen and dropped by the caller. Only the
 * clinic's filters narrow it: with the date range in the query, a visit moved to another day
 * would never come back and would stay listed.
 */
export function fetchChanges(
  connection: FhirConnection,
  options: FhirPmsOptions,
  filters: FilterParams,
  since: number,
  known: ResourceIndex,
): Promise<PollData> {
  return fetchAppointments(connection, options, [{ ...filters, _lastUpdated: `gt${new Date(since).toISOString()}` }], known);
}

/** The searches with their pages; `known` resources (held from earlier polls) are not read again. */
async function fetchAppointments(
  connection: FhirConnection,
  options: FhirPmsOptions,
  searches: Array<Record<string, string | string[]>>,
  known: ResourceIndex = new Map(),
): Promise<PollData> {
  const index: ResourceIndex = new Map(known);
  const byId = new Map<string, Resource>();
  let truncated = false;
  let serverTime: number | undefined;
  for (const search of searches) {
    const params: Record<string, string | string[]> = {
      ...search,
      _include: options.include === 'actor' ? ['Appointment:actor'] : ['Appointment:patient', 'Appointment:practitioner'],
      _count: String(options.pageSize),
    };
    let page: Bundle | undefined = await connection.search('Appointment', params);
    if (serverTime === undefined) serverTime = serverTimeOf(page);
    for (let pages = 1; page; pages++) {
      for (const entry of page.entry ?? []) {
        const resource = entry.resource;
        if (resource?.resourceType === 'Appointment' && entry.search?.mode !== 'include') {
          if (resource.id) byId.set(resource.id, resource);
        } else {
          indexResource(index, resource);
        }
      }
      if (pages >= options.maxPages) {
        truncated = !!page.link?.some((l) => l.relation === 'next');
        break;
      }
      page = await connection.nextPage(page);
    }
  }
  const appointments = [...byId.values()];
  await fillReferences(connection, options, index, appointments);
  return { appointments, index, truncated, serverTime };
}

/**
 * Reads what the appointments refer to and the index lacks (only for appointments the
 * filtered search returned: nothing of another clinic's is read).
 */
export async function fillReferences(connection: FhirConnection, options: FhirPmsOptions, index: ResourceIndex, appointments: Resource[]): Promise<void> {
  await fillGaps(connection, index, actorReferences(appointments, options.baseUrl));
  const rolePractitioners = [...index.values()]
    .filter((r) => r.resourceType === 'PractitionerRole')
    .map((r) => localReference((r as { practitioner?: { reference?: string } }).practitioner?.reference, options.baseUrl));
  await fillGaps(connection, index, rolePractitioners);
}

/** The `date` parameter(s): `['ge…', 'lt…']` with the clinic's offset, or each clinic-local day. */
export function dateParameters(mode: FhirPmsOptions['dateSearch'], range: TimeRange, timeZone: string): Array<string | string[]> {
  const local = (ms: number) => DateTime.fromMillis(ms, { zone: timeZone });
  if (mode === 'range') {
    const iso = (ms: number) => local(ms).toISO({ suppressMilliseconds: true, includeOffset: true })!;
    return [[`ge${iso(range.from)}`, `lt${iso(range.to)}`]];
  }
  const days: string[] = [];
  for (let day = local(range.from).startOf('day'); day.toMillis() < range.to; day = day.plus({ days: 1 })) {
    days.push(day.toISODate()!);
  }
  return days;
}

function actorReferences(appointments: Resource[], baseUrl: string): Array<string | undefined> {
  const wanted = new Set(['Patient', 'Practitioner', 'PractitionerRole']);
  const refs: Array<string | undefined> = [];
  for (const appointment of appointments) {
    const participants = (appointment as { participant?: Array<{ actor?: { reference?: string } }> }).participant ?? [];
    for (const p of participants) {
      const ref = localReference(p.actor?.reference, baseUrl);
      if (ref && wanted.has(typeOf(ref))) refs.push(ref);
    }
  }
  return refs;
}

/** Reads the references not yet in the index: one `_id` search per type (chunked), never one per appointment. */
async function fillGaps(connection: FhirConnection, index: ResourceIndex, references: Array<string | undefined>): Promise<void> {
  const missing = new Map<string, Set<string>>();
  for (const ref of references) {
    if (!ref || index.has(ref)) continue;
    const type = typeOf(ref);
    if (!missing.has(type)) missing.set(type, new Set());
    missing.get(type)!.add(ref.slice(type.length + 1));
  }
  for (const [type, ids] of missing) {
    const all = [...ids];
    for (let i = 0; i < all.length; i += ID_CHUNK) {
      const chunk = all.slice(i, i + ID_CHUNK);
      let page: Bundle | undefined = await connection.search(type, { _id: chunk.join(','), _count: String(chunk.length) });
      while (page) {
        for (const entry of page.entry ?? []) indexResource(index, entry.resource);
        page = await connection.nextPage(page);
      }
    }
  }
}
