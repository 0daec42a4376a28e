import type { ValidateFunction } from 'ajv';
import type { OptionsSchema, PluginDescriptor, PluginRole } from '@clinic-arrivals/plugin-kit';
import { keywordProblems } from '../engine/keywords.js';
import { keywordsByLanguageProblems } from '../engine/keyword-list-problems.js';
import { collectFileReferences, createConfigAjv, type FileReference } from '@clinic-arrivals/plugin-kit';
import { hostConfigSchema } from './config-schema.js';
import { formatAjvErrors } from './format-errors.js';
import { problemLine } from './paths.js';
import type { HostConfig } from './types.js';

/** The config as the schema checked and defaulted it; `source` is added by the loader. */
export type ValidatedCore = Omit<HostConfig, 'source'>;

/** How to label problems. */
export interface ValidationContext {
  fileLabel: string;
  /** Dotted paths whose values came from environment variables (never printed). */
  secretPaths?: ReadonlySet<string>;
}

const ajv = createConfigAjv();
let coreValidator: ValidateFunction | undefined;

/**
 * Checks the host part of a config (everything except plugin options) against
 * schemas/config.schema.json, fills in defaults, and runs the checks a schema cannot express
 * (API token off loopback, quiet hours order, workflow keywords). Mutates `data` (defaults).
 */
export function validateCoreConfig(data: unknown, context: ValidationContext): { value?: ValidatedCore; problems: string[] } {
  coreValidator ??= ajv.compile(hostConfigSchema());
  const valid = coreValidator(data);
  const problems = valid ? [] : formatAjvErrors(coreValidator.errors, context);
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { problems };
  problems.push(...crossFieldProblems(data, context.fileLabel));
  return valid && problems.length === 0 ? { value: data as ValidatedCore, problems } : { problems };
}

function crossFieldProblems(config: Partial<ValidatedCore>, fileLabel: string): string[] {
  const problems: string[] = [];
  // A non-loopback api.host needs no token: staff sign-in is then always required (core/auth).
  const quiet = config.workflow?.quietHours;
  const hhmm = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
  if (quiet && hhmm.test(String(quiet.start)) && hhmm.test(String(quiet.end)) && quiet.start >= quiet.end) {
    problems.push(
      problemLine(fileLabel, 'workflow.quietHours', `start (${quiet.start}) must be earlier than end (${quiet.end}); messages go out between the two`),
    );
  }
  const store = config.store as { use?: unknown; url?: unknown } | undefined;
  if (store?.use === 'postgres' && (typeof store.url !== 'string' || store.url === '')) {
    problems.push(problemLine(fileLabel, 'store.url', 'is needed with use: postgres; e.g. url: ${DATABASE_URL} (postgres://user@host:5432/database)'));
  }
  const keywords = config.workflow?.keywords;
  const listsOk = keywords && typeof keywords === 'object' && Object.values(keywords).every((list) => Array.isArray(list));
  if (listsOk) {
    for (const problem of keywordProblems(keywords)) problems.push(`${fileLabel}: ${problem}`);
  }
  const byLanguage = config.workflow?.keywordsByLanguage;
  const byLanguageOk =
    byLanguage &&
    typeof byLanguage === 'object' &&
    Object.values(byLanguage).every((lists) => lists && typeof lists === 'object' && Object.values(lists).every((list) => Array.isArray(list)));
  if (listsOk && byLanguageOk) {
    for (const problem of keywordsByLanguageProblems(keywords, byLanguage)) problems.push(`${fileLabel}: ${problem}`);
  }
  return problems;
}

const pluginValidators = new WeakMap<OptionsSchema, ValidateFunction>();

/**
 * Checks a plugin's options against its `optionsSchema`: defaults applied to a copy, which is
 * deep-frozen and returned. Problems name `<role>.options.<key>` and end with ` [plugin-id]`.
 * `files` lists the values the schema marks `"x-file": true` (for the loader to check).
 */
export function validatePluginOptions(
  descriptor: PluginDescriptor,
  role: PluginRole,
  options: Record<string, unknown>,
  context: ValidationContext,
): { options?: Readonly<Record<string, unknown>>; problems: string[]; files?: FileReference[] } {
  const id = descriptor.manifest.id;
  let validator = pluginValidators.get(descriptor.optionsSchema);
  if (!validator) {
    try {
      validator = ajv.compile(descriptor.optionsSchema);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return {
        problems: [
          problemLine(context.fileLabel, `${role}.use`, `plugin "${id}" has an invalid options schema (${reason}); report this to the plugin's author`),
        ],
      };
    }
    pluginValidators.set(descriptor.optionsSchema, validator);
  }
  const copy = structuredClone(options);
  const checked = collectFileReferences(() => validator(copy));
  if (checked.result) {
    // A failed oneOf branch may have met an x-file value too: keep each place once.
    const files = [...new Map(checked.files.map((file) => [file.instancePath, file])).values()];
    return { options: deepFreeze(copy), problems: [], files };
  }
  const problems = formatAjvErrors(validator.errors, { ...context, basePath: [role, 'options'], pluginId: id });
  return { problems };
}

/** Freezes an object and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
