import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/*
 * schemas/config.schema.json sits at the project root so editors and docs can use it. From
 * sources this module is core/config/, from a build it is dist/core/config/: try both.
 */
const CANDIDATES = ['../../schemas/config.schema.json', '../../../schemas/config.schema.json'];

let cached: JsonSchema | undefined;

/** The host config's JSON Schema (draft-07), read once. */
export function hostConfigSchema(): JsonSchema {
  if (cached) return cached;
  for (const candidate of CANDIDATES) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) {
      cached = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
      return cached;
    }
  }
  throw new Error('schemas/config.schema.json is missing from this installation');
}
