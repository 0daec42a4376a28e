import { dirname, isAbsolute, join, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { createConfigAjv, type JsonSchema } from '@clinic-arrivals/plugin-kit';
import { clinicSourcesInFolder, inlineClinicSources, type ClinicSource } from './clinic-sources.js';
import { hostConfigSchema } from './config-schema.js';
import { ConfigValidationError } from './errors.js';
import type { FoundConfig } from './find.js';
import { formatAjvErrors } from './format-errors.js';
import { loadConfigFromObject } from './load.js';
import { mergeClinicOverDefaults } from './merge-defaults.js';
import { problemLine } from './paths.js';
import { substituteEnv } from './substitute.js';
import type { FleetSettings, HostConfig, LoadedConfig } from './types.js';

/** Keys the fleet file owns for every clinic in the process; everything else is a clinic default. */
const FLEET_KEYS = ['$schema', 'api', 'store', 'logging', 'fleet', 'clinics', 'proxy'] as const;

/** The fleet file, checked: what every clinic of this process shares. */
export interface FleetConfig {
  file: string;
  dir: string;
  label: string;
  api: HostConfig['api'];
  store: HostConfig['store'];
  logging: HostConfig['logging'];
  fleet: FleetSettings;
  /** Absolute folder of the clinics' files, when `clinics` names one (watched for changes). */
  clinicsFolder?: string;
  /** The clinics' shared defaults as written (substituted per clinic). */
  defaults: Record<string, unknown>;
  /** The raw fleet keys, merged into each clinic so its config is complete. */
  rawFleetKeys: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  /** Inline clinics (when `clinics` is a list). */
  inline?: ClinicSource[];
}

/** One clinic, loaded or not: a broken clinic keeps its problems and stays down alone. */
export interface LoadedClinic {
  id: string;
  /** `clinic.name` as written, when there is one (shown for a clinic that could not be loaded). */
  name?: string;
  file: string;
  label: string;
  fingerprint: string;
  loaded?: LoadedConfig;
  problems?: string[];
}

/** A config is a fleet when it has `clinics:`. */
export function isFleetConfigObject(raw: unknown): raw is Record<string, unknown> {
  return !!raw && typeof raw === 'object' && !Array.isArray(raw) && 'clinics' in raw;
}

let fleetValidator: ValidateFunction | undefined;

function fleetSchema(): JsonSchema {
  const host = hostConfigSchema() as { properties: Record<string, unknown>; definitions?: unknown };
  const properties = Object.fromEntries(FLEET_KEYS.filter((key) => key !== '$schema').map((key) => [key, host.properties[key]]));
  // The clinics' own entries are checked one by one (a broken one must not stop the others).
  properties.clinics = {
    oneOf: [
      { type: 'string', minLength: 1 },
      { type: 'array', items: { type: 'object', required: ['id'] } },
    ],
    'x-message': 'must be a folder path (one file per clinic) or a list of clinics, each with an id',
  };
  return { type: 'object', properties, definitions: host.definitions } as JsonSchema;
}

/**
 * Checks the fleet file's own keys (api, store, logging, fleet, clinics): these problems stop
 * the whole host (exit 2), unlike a clinic's own.
 *
 * @throws ConfigValidationError
 */
export function checkFleetConfig(found: FoundConfig, env: NodeJS.ProcessEnv = process.env): FleetConfig {
  const raw = found.raw as Record<string, unknown>;
  const rawFleetKeys = Object.fromEntries(FLEET_KEYS.filter((key) => key !== 'clinics' && key in raw).map((key) => [key, raw[key]]));
  const defaults = Object.fromEntries(Object.entries(raw).filter(([key]) => !(FLEET_KEYS as readonly string[]).includes(key)));
  const substituted = substituteEnv({ ...rawFleetKeys, clinics: raw.clinics }, found.label, env, { baseDir: found.dir });
  const data = substituted.value as Record<string, unknown>;
  // Defaults fill in only inside an object that exists.
  data.fleet ??= {};
  data.store ??= {};
  data.api ??= {};
  data.logging ??= {};
  fleetValidator ??= createConfigAjv().compile(fleetSchema());
  const problems = [...substituted.problems];
  if (!fleetValidator(data)) problems.push(...formatAjvErrors(fleetValidator.errors, { fileLabel: found.label, secretPaths: substituted.substitutedPaths }));
  const clinics = data.clinics;
  let clinicsFolder: string | undefined;
  if (typeof clinics === 'string') {
    clinicsFolder = resolve(found.dir, clinics);
    if (!existsSync(clinicsFolder) || !statSync(clinicsFolder).isDirectory()) {
      problems.push(problemLine(found.label, 'clinics', `${clinicsFolder} is not a folder; create it and put one <clinic id>.yaml file per clinic in it`));
    }
  }
  const store = data.store as HostConfig['store'] | undefined;
  if (store?.use === 'postgres' && !store.url) problems.push(problemLine(found.label, 'store.url', 'is needed with use: postgres; e.g. url: ${DATABASE_URL}'));
  if (store?.use === 'sqlite' && store.path === ':memory:') {
    problems.push(problemLine(found.label, 'store.path', 'many clinics need files (one per clinic next to this path) or use: postgres; give a file path'));
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  const inline = Array.isArray(raw.clinics)
    ? inlineClinicSources(raw.clinics as Array<Record<string, unknown>>, found.file, found.dir, found.label)
    : undefined;
  const storePath = store!.path;
  return {
    file: found.file,
    dir: found.dir,
    label: found.label,
    api: data.api as HostConfig['api'],
    store: { ...store!, path: isAbsolute(storePath) ? storePath : resolve(found.dir, storePath) },
    logging: data.logging as HostConfig['logging'],
    fleet: data.fleet as FleetSettings,
    clinicsFolder,
    defaults,
    rawFleetKeys,
    env,
    inline,
  };
}

/** The clinics the fleet file names now (the folder is read again on each call). */
export function clinicSourcesOf(fleet: FleetConfig): ClinicSource[] {
  if (fleet.inline) return fleet.inline;
  return clinicSourcesInFolder(fleet.clinicsFolder!, fleet.dir);
}

/** A clinic's SQLite file: clinics/<id>.sqlite beside the fleet's `store.path`. */
export function clinicStorePath(fleet: FleetConfig, clinicId: string): string {
  return join(dirname(fleet.store.path), 'clinics', `${clinicId}.sqlite`);
}

/**
 * One clinic's full config: the shared defaults, the clinic's own keys over them, the fleet's
 * api, store and logging, and its id; validated like a one-clinic config, plugins loaded.
 * Never throws: problems come back with the clinic.
 */
export async function loadClinic(fleet: FleetConfig, source: ClinicSource): Promise<LoadedClinic> {
  const base: LoadedClinic = { id: source.id, file: source.file, label: source.label, fingerprint: source.fingerprint };
  if (source.problems || !source.raw) return { ...base, problems: source.problems ?? [`${source.label}: cannot be read`] };
  const merged = mergeClinicOverDefaults(fleet.defaults, source.raw);
  const clinic = (merged.clinic && typeof merged.clinic === 'object' ? merged.clinic : {}) as Record<string, unknown>;
  if (typeof clinic.name === 'string') base.name = clinic.name;
  merged.clinic = { ...clinic, id: source.id };
  const fleetKeys = structuredClone(fleet.rawFleetKeys);
  const store = { ...((fleetKeys.store as Record<string, unknown> | undefined) ?? {}) };
  if (store.use !== 'postgres') store.path = clinicStorePath(fleet, source.id);
  try {
    const loaded = await loadConfigFromObject({ ...merged, ...fleetKeys, store }, { file: source.file, dir: source.dir, env: fleet.env, label: source.label });
    return { ...base, loaded };
  } catch (error) {
    const problems = error instanceof ConfigValidationError ? error.problems : [`${source.label}: ${error instanceof Error ? error.message : String(error)}`];
    return { ...base, problems };
  }
}
