import type { Bundle, FhirConnection } from './client.js';
import type { FhirFilters } from './options.js';

/** Search parameters that narrow every Appointment search to the clinic's own. */
export type FilterParams = Record<string, string>;

/**
 * The filter parameters, ready to add to a search; `undefined` when the filters can match
 * nothing (an organization with no Locations): then no search may run unfiltered.
 * Organizations are resolved to their Locations with one `Location?organization=` search,
 * because chained search (`actor:Location.organization`) is optional in FHIR and many PMS
 * servers lack it; a server that has it can be given the chain in `extra`.
 */
export async function resolveFilterParams(connection: FhirConnection, filters: FhirFilters, baseUrl: string): Promise<FilterParams | undefined> {
  const params: FilterParams = { ...(filters.extra ?? {}) };
  let locations = filters.location?.map((l) => asReference('Location', l, baseUrl));
  if (filters.organization) {
    const ofOrganizations = await organizationLocations(
      connection,
      filters.organization.map((o) => asReference('Organization', o, baseUrl)),
    );
    locations = locations ? locations.filter((l) => ofOrganizations.includes(l)) : ofOrganizations;
  }
  if (locations) {
    if (locations.length === 0) return undefined;
    params.location = locations.join(',');
  }
  if (filters.practitioner) params.practitioner = filters.practitioner.map((p) => asReference('Practitioner', p, baseUrl)).join(',');
  if (filters.serviceType) params['service-type'] = filters.serviceType.join(',');
  return params;
}

/** True when the filters need a read of their own (organizations) before each full read. */
export function filtersNeedLookup(filters: FhirFilters): boolean {
  return !!filters.organization;
}

/** `x` → `Location/x`; `Location/x` and the server's own absolute URLs → `Location/x`; other URLs as given. */
export function asReference(type: string, value: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  const local = value.startsWith(`${base}/`) ? value.slice(base.length + 1) : value;
  return /^https?:\/\//.test(local) || local.includes('/') ? local : `${type}/${local}`;
}

async function organizationLocations(connection: FhirConnection, organizations: string[]): Promise<string[]> {
  const found: string[] = [];
  let page: Bundle | undefined = await connection.search('Location', { organization: organizations.join(','), _count: '1000' });
  while (page) {
    for (const entry of page.entry ?? []) {
      const resource = entry.resource;
      if (resource?.resourceType === 'Location' && resource.id) found.push(`Location/${resource.id}`);
    }
    page = await connection.nextPage(page);
  }
  return found;
}
