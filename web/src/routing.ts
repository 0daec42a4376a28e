import { useSyncExternalStore, type MouseEvent } from 'react';
import { appPathOf, hostPath } from './base-path';

/*
 * The few screens need no router library: the path is the state, history.pushState changes
 * it, and the host answers every screen's path with index.html (so a reload or a bookmark works).
 * Paths here are the app's own (`/today`); under a fleet host's `/c/<id>/` the prefix is added
 * and removed at the edges (base-path.ts).
 */

const NAVIGATE_EVENT = 'app:navigate';

function markNavigated(): void {
  navigated = true;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener('popstate', markNavigated);
  window.addEventListener(NAVIGATE_EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener('popstate', markNavigated);
    window.removeEventListener(NAVIGATE_EVENT, listener);
  };
}

/** The app path shown now (`/today`), without a fleet host's `/c/<id>` prefix. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => appPathOf(window.location.pathname));
}

let navigated = false;

/** True once the user has moved within the app (not on the first page load, nor a redirect). */
export function hasNavigated(): boolean {
  return navigated;
}

/** Shows the app path `path` (`/today`). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const address = hostPath(path);
  if (address === window.location.pathname) return;
  if (!options.replace) navigated = true;
  if (options.replace) window.history.replaceState(null, '', address);
  else window.history.pushState(null, '', address);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** onClick for an in-app link: a plain click navigates here; ctrl/cmd/shift-click keeps the browser's meaning. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(appPathOf(event.currentTarget.pathname));
}
