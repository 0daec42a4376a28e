import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { ConfigSyntaxError, loadJsonConfig, loadYamlConfig } from './file-loaders.js';

/** Ids name store rows, web addresses (`/c/<id>/`) and metric labels: short and plain. */
export const CLINIC_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
const ID_RULE = '1-40 lower-case letters, digits or hyphens, starting with a letter or digit (e.g. north-clinic)';

/** One clinic as the fleet config names it, before validation. */
export interface ClinicSource {
  id: string;
  /** The clinic's own file, or the fleet file for an inline entry. */
  file: string;
  /** Folder its relative paths resolve against. */
  dir: string;
  /** Name at the start of its problem lines, e.g. `clinics/north.yaml`. */
  label: string;
  /** The clinic's own keys (without `id`), when they could be read. */
  raw?: Record<string, unknown>;
  /** Why it could not be read. */
  problems?: string[];
  /** Changes when the clinic's own text changes (hot reload compares it). */
  fingerprint: string;
}

const fingerprintOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * Each `*.yaml`, `*.yml` or `*.json` file in `folder` is one clinic, named by its file name.
 * A file that cannot be read or parsed is a clinic with problems, never a reason to skip the others.
 */
export function clinicSourcesInFolder(folder: string, labelBase: string): ClinicSource[] {
  const names = readdirSync(folder)
    .filter((name) => !name.startsWith('.') && /\.(ya?ml|json)$/i.test(name))
    .sort();
  const seen = new Set<string>();
  return names.map((name) => {
    const file = join(folder, name);
    const id = basename(name, extname(name));
    const label = relative(labelBase, file) || name;
    const at = (problem: string): ClinicSource => ({ id, file, dir: folder, label, problems: [`${label}: ${problem}`], fingerprint: `problem:${problem}` });
    if (!CLINIC_ID_PATTERN.test(id)) return at(`the file name is the clinic's id and must be ${ID_RULE}; rename the file`);
    if (seen.has(id)) return at(`another file already defines clinic "${id}"; keep one file per clinic`);
    seen.add(id);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return at(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the file's permissions`);
    }
    let parsed: unknown;
    try {
      parsed = /\.json$/i.test(name) ? loadJsonConfig(file, text) : loadYamlConfig(file, text);
    } catch (error) {
      const details = error instanceof ConfigSyntaxError ? error.details : [String(error)];
      return { id, file, dir: folder, label, problems: details.map((detail) => `${label}: ${detail}`), fingerprint: fingerprintOf(text) };
    }
    return withOwnKeys({ id, file, dir: folder, label, fingerprint: fingerprintOf(text) }, parsed);
  });
}

/** The clinics listed inline under `clinics:` in the fleet file, each with its `id`. */
export function inlineClinicSources(entries: ReadonlyArray<Record<string, unknown>>, fleetFile: string, dir: string, fleetLabel: string): ClinicSource[] {
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const label = `${fleetLabel}: clinics[${index}]`;
    const fingerprint = fingerprintOf(JSON.stringify(entry));
    if (typeof entry.id !== 'string' || !CLINIC_ID_PATTERN.test(entry.id)) {
      const id = `clinic-${index + 1}`;
      return { id, file: fleetFile, dir, label, problems: [`${label}: id: must be ${ID_RULE}`], fingerprint };
    }
    const id = entry.id;
    if (seen.has(id)) return { id, file: fleetFile, dir, label, problems: [`${label}: id "${id}" is used twice; give each clinic its own id`], fingerprint };
    seen.add(id);
    return withOwnKeys({ id, file: fleetFile, dir, label, fingerprint }, entry);
  });
}

function withOwnKeys(source: Omit<ClinicSource, 'raw' | 'problems'>, parsed: unknown): ClinicSource {
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { ...source, problems: [`${source.label}: must be a mapping of config keys (clinic, pms, sms, …)`] };
  }
  const { id, ...own } = parsed as Record<string, unknown>;
  if (id !== undefined && id !== source.id) {
    return { ...source, problems: [`${source.label}: id: says ${JSON.stringify(id)} but the file is named "${source.id}"; remove id or make them equal`] };
  }
  return { ...source, raw: own };
}
