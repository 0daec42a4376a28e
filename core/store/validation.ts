import type { UnknownSendResolution } from './store.js';

/** Recent errors kept for the status page; older ones are dropped as new ones come. */
export const RECENT_ERRORS_KEPT = 200;

/** The outcomes a person (or the provider check) may give an `unknown` send. */
export const RESOLUTION_OUTCOMES: ReadonlySet<string> = new Set(['delivered', 'resent', 'dismissed'] satisfies Array<UnknownSendResolution['outcome']>);

/** Every store backend refuses the same empty keys and names, with the same error. */
export function requireText(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string`);
}
