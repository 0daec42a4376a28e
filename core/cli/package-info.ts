import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/*
 * package.json is two folders up from core/cli/ in the sources and three from
 * dist/core/cli/ in a build.
 */
const CANDIDATES = ['../../package.json', '../../../package.json'];

/** The host's version from its package.json (`0.0.0` if it cannot be found). */
export function packageVersion(): string {
  for (const candidate of CANDIDATES) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'clinic-arrivals' && manifest.version) return manifest.version;
  }
  return '0.0.0';
}
