import { evalFhirPath, getSearchParameter, type IncludeTarget } from '@medplum/core';
import type { BundleEntry, Reference, Resource } from '@medplum/fhirtypes';
import type { MemoryRepository } from '@medplum/fhir-router';

/**
 * `_include` for MemoryRepository (which ignores it): evaluates each include's search-parameter
 * expression on the matched resources and reads the referenced resources, once each.
 * References in `omit` are left out, to play a server whose bundle misses some includes.
 */
export async function addIncludes(repo: MemoryRepository, matches: BundleEntry[], includes: IncludeTarget[], omit: ReadonlySet<string>): Promise<Resource[]> {
  const wanted = new Set<string>();
  for (const { resource } of matches) {
    if (!resource) continue;
    for (const include of includes) {
      if (include.resourceType !== resource.resourceType) continue;
      const parameter = getSearchParameter(include.resourceType, include.searchParam);
      if (!parameter?.expression) continue;
      for (const value of evalFhirPath(parameter.expression, resource)) {
        const reference = (value as Reference | undefined)?.reference;
        if (!reference || !/^[A-Za-z]+\/[^/]+$/.test(reference)) continue;
        if (include.targetType && !reference.startsWith(`${include.targetType}/`)) continue;
        if (parameter.target && !parameter.target.some((t) => reference.startsWith(`${t}/`))) continue;
        if (!omit.has(reference)) wanted.add(reference);
      }
    }
  }
  const found: Resource[] = [];
  for (const reference of wanted) {
    try {
      found.push(await repo.readReference({ reference }));
    } catch {
      // A dangling reference is not an error for a search: the include is simply absent.
    }
  }
  return found;
}
