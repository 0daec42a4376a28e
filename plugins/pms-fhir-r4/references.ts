import type { Resource } from './client.js';

/** Resources of one poll, by `Type/id`: the bundle's includes plus what was read to fill gaps. */
export type ResourceIndex = Map<string, Resource>;

const RELATIVE = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;
const TAIL = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;

/**
 * `Patient/1`, `Patient/1/_history/2` or `<baseUrl>/Patient/1` → `Patient/1`. Absolute references
 * to another server, contained (`#x`) and logical references give undefined: they cannot be read here.
 */
export function localReference(reference: string | undefined, baseUrl: string): string | undefined {
  if (!reference) return undefined;
  if (RELATIVE.test(reference)) return reference;
  const base = baseUrl.replace(/\/+$/, '');
  let rest = reference;
  if (/^https?:\/\//.test(reference)) {
    if (!reference.startsWith(`${base}/`)) return undefined;
    rest = reference.slice(base.length + 1);
  }
  const match = TAIL.exec(rest);
  return match && match.index === 0 ? `${match[1]}/${match[2]}` : undefined;
}

/** Adds a resource under its `Type/id` (and nothing when it has no id). */
export function indexResource(index: ResourceIndex, resource: Resource | undefined): void {
  if (resource?.resourceType && resource.id) index.set(`${resource.resourceType}/${resource.id}`, resource);
}

/** Type of a `Type/id` reference. */
export function typeOf(reference: string): string {
  return reference.slice(0, reference.indexOf('/'));
}
