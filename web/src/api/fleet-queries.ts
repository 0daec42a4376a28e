import { useQuery } from '@tanstack/react-query';
import { ApiError } from './client';
import type { paths } from './fleet-schema';

/*
 * The fleet page's one call: GET /api/clinics on a fleet host, with the vendor admin's bearer
 * token. Typed from the fleet host's own OpenAPI document (fleet-schema.d.ts, generated).
 */

type ClinicsReply = paths['/api/clinics']['get']['responses'][200]['content']['application/json'];
export type FleetClinic = ClinicsReply['clinics'][number];

const TOKEN_KEY = 'clinic-arrivals.fleet-token';
/** No event stream at the fleet's root: the list is read again this often. */
const REFRESH_MS = 15_000;

/** The token pasted in this tab (sessionStorage: gone when the tab closes, never in a cookie). */
export function storedFleetToken(): string | undefined {
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

export function storeFleetToken(token: string | undefined): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

async function readClinics(token: string | undefined): Promise<FleetClinic[]> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const response = await fetch('/api/clinics', { headers, credentials: 'omit' });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    throw new ApiError(response.status, typeof body?.error === 'string' ? body.error : `the host answered ${response.status}`);
  }
  return ((await response.json()) as ClinicsReply).clinics;
}

/**
 * Every clinic of the fleet. Asked without a token until one is pasted: a fleet host on a
 * loopback address may have none, and one that has answers 401 (then the page asks for it).
 */
export function useFleetClinics(token: string | undefined) {
  return useQuery({
    queryKey: ['fleet', 'clinics', token],
    queryFn: () => readClinics(token),
    refetchInterval: REFRESH_MS,
    retry: (count, error) => !(error instanceof ApiError && error.status === 401) && count < 1,
  });
}
