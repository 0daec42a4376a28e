import { useSyncExternalStore, type MouseEvent } from 'react';

/*
 * The few screens need no router library: the path is the state, history.pushState changes
 * it, and the host answers every screen's path with index.html (so a reload or a bookmark works).
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

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

let navigated = false;

/** True once the user has moved within the app (not on the first page load, nor a redirect). */
export function hasNavigated(): boolean {
  return navigated;
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (path === window.location.pathname) return;
  if (!options.replace) navigated = true;
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** onClick for an in-app link: a plain click navigates here; ctrl/cmd/shift-click keeps the browser's meaning. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.pathname);
}
