/*
 * Where the app is served. A one-clinic host serves it at `/`; a fleet host serves each
 * clinic's app under `/c/<id>/` (and its own fleet page at `/`). Every API call, the event
 * stream and every in-app path go through this prefix, read once from the address the page
 * was loaded at.
 */

const CLINIC_PREFIX = /^\/c\/[a-z0-9-]{1,40}(?=\/|$)/;

/** `/c/<id>` when `pathname` is inside a fleet host's clinic, '' otherwise. */
export function basePathOf(pathname: string): string {
  return CLINIC_PREFIX.exec(pathname)?.[0] ?? '';
}

/** This page's prefix ('' on a one-clinic host and on a fleet host's own page). */
export const BASE_PATH = basePathOf(window.location.pathname);

/** The address of an app path (`/today`) or API path (`/api/status`) on this host. */
export function hostPath(path: string): string {
  return `${BASE_PATH}${path}`;
}

/** The app path of a full address (`/c/north/today` → `/today`); `/` for the prefix itself. */
export function appPathOf(pathname: string): string {
  if (BASE_PATH === '' || !pathname.startsWith(BASE_PATH)) return pathname;
  return pathname.slice(BASE_PATH.length) || '/';
}

/** True on a fleet host's own page (its index.html carries a marker the host adds). */
export function isFleetPage(): boolean {
  return BASE_PATH === '' && document.querySelector('meta[name="clinic-arrivals-fleet"]') !== null;
}
