import { isAbsolute, resolve } from 'node:path';
import semver from 'semver';
import { HOST_API_VERSION, PLUGIN_ROLES, type PluginRole } from '@clinic-arrivals/plugin-kit';
import { importPlugin } from '../plugin-host/loader.js';
import { NO_PLUGIN } from '../plugin-host/builtins.js';
import { CONFIG_ENV_VAR, ConfigValidationError, NoConfigFoundError } from './errors.js';
import { fileReferenceProblems, storePathProblems } from './file-checks.js';
import { joinGateProblems } from './join-gate-check.js';
import { findConfig } from './find.js';
import type { SourceLocator } from './locate.js';
import { problemLine } from './paths.js';
import { substituteEnv } from './substitute.js';
import { templateProblems } from './template-checks.js';
import { validateCoreConfig, validatePluginOptions, type ValidatedCore } from './validate.js';
import type { HostConfig, LoadedConfig, LoadedPlugin, VideoChoice } from './types.js';

export { ConfigValidationError, NoConfigFoundError, CONFIG_ENV_VAR } from './errors.js';

/** Where to look for the config and which environment `${VAR}` reads. */
export interface LoadConfigOptions {
  /** `--config`: load exactly this file (relative to `cwd`); it must exist. Defaults to `$CLINIC_ARRIVALS_CONFIG` from `env`. */
  configPath?: string;
  /**
   * What to do when no config is found: `refuse` (throw {@link NoConfigFoundError}), `default`
   * (use the built-in simulator setup with a notice), `demo-only` (use it, and refuse when a
   * config *is* found, so the demo never seeds a clinic's store).
   * @default 'refuse'
   */
  whenNoConfig?: 'refuse' | 'default' | 'demo-only';
  /** With the built-in setup: the API port (0 = any free one) instead of the default. */
  defaultApiPort?: number;
  /** Folder to search from. @default process.cwd() */
  cwd?: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, parses and fully validates the config and loads its plugins. With no config file
 * anywhere (and no `configPath`) it refuses, or uses the built-in simulator setup (with a
 * notice in `notices`) as `whenNoConfig` says.
 *
 * @throws NoConfigFoundError when nothing is found and `whenNoConfig` is `refuse`
 * @throws ConfigValidationError listing every problem found (nothing is started)
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const whenNoConfig = options.whenNoConfig ?? 'refuse';
  const fromEnv = env[CONFIG_ENV_VAR] || undefined;
  const found =
    whenNoConfig === 'demo-only' ? await findConfig({ cwd: options.cwd }) : await findConfig({ configPath: options.configPath ?? fromEnv, cwd: options.cwd });
  if (found.isDefault && whenNoConfig === 'refuse') throw new NoConfigFoundError(found.dir);
  if (!found.isDefault && whenNoConfig === 'demo-only') {
    throw new ConfigValidationError([
      `${found.file}: a config is here, so the demo (simulators and demo data) will not run in this folder; ` +
        'use `clinic-arrivals start`, or run the demo from a folder without a config',
    ]);
  }
  if (!found.isDefault && found.raw && typeof found.raw === 'object' && 'clinics' in found.raw) {
    throw new ConfigValidationError([
      `${found.label}: clinics: this config lists many clinics; this command works on one clinic's config (start and check-config take the whole fleet)`,
    ]);
  }
  const raw =
    found.isDefault && options.defaultApiPort !== undefined ? { ...(found.raw as Record<string, unknown>), api: { port: options.defaultApiPort } } : found.raw;
  const loaded = await loadConfigFromObject(raw, { file: found.file, dir: found.dir, env: options.env, label: found.label, locate: found.locate });
  if (found.notice) loaded.notices = [...(loaded.notices ?? []), found.notice];
  return loaded;
}

/** Where an in-memory config notionally lives. */
export interface ConfigOrigin {
  /** Absolute path of the file (or a label such as `<built-in default config>`). */
  file: string;
  /** Folder that relative paths (plugins, store) resolve against. */
  dir: string;
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Name at the start of problem lines. @default basename of `file` */
  label?: string;
  /** Where keys are in the file, for problems that give a line (templates). */
  locate?: SourceLocator;
}

/**
 * Validates an already-parsed config object: `${VAR}` substitution, the host schema (defaults
 * filled in), the message templates (as start-up will check them), then each plugin: import,
 * role and host-API check, options against the plugin's schema (defaulted, frozen), and the
 * files its options name. Everything that can be checked without a network is; all problems
 * from all steps are collected before throwing.
 *
 * @throws ConfigValidationError listing every problem
 */
export async function loadConfigFromObject(raw: unknown, origin: ConfigOrigin): Promise<LoadedConfig> {
  const label = origin.label ?? labelOf(origin.file);
  const dir = resolve(origin.dir);
  const substituted = substituteEnv(raw, label, origin.env ?? process.env, { baseDir: origin.dir });
  const data = substituted.value;
  const context = { fileLabel: label, secretPaths: substituted.substitutedPaths };
  const core = validateCoreConfig(data, context);
  const templates = templateProblems(data, label, origin.locate);
  const store = (data as { store?: { path?: unknown; use?: unknown } } | null)?.store;
  const files =
    store?.use === 'postgres' ? [] : storePathProblems(store?.path, { fileLabel: label, configDir: dir, secretPaths: substituted.substitutedPaths });

  const pluginResults = await Promise.all(PLUGIN_ROLES.map((role) => loadPluginFor(role, (data as Record<string, unknown> | null)?.[role], dir, context)));
  // Makes the inbox plugin (no I/O) to look for its join gate; listed with every other problem.
  const inbox = pluginResults[PLUGIN_ROLES.indexOf('inbox')]?.plugin;
  const gate = joinGateProblems(data, inbox, { fileLabel: label, configDir: dir, clinic: core.value?.clinic });
  const later = [...core.problems, ...templates, ...files, ...pluginResults.flatMap((result) => result.problems), ...gate];
  const problems = [...substituted.problems, ...withoutFailedPaths(later, label, substituted.failedPaths)];
  if (problems.length > 0 || !core.value) throw new ConfigValidationError(problems);

  const plugins: Partial<Record<PluginRole, LoadedPlugin>> = {};
  for (const [index, role] of PLUGIN_ROLES.entries()) {
    const plugin = pluginResults[index]!.plugin;
    if (plugin) plugins[role] = plugin;
  }

  const config = buildHostConfig(core.value, plugins, origin.file, dir);
  return { config, plugins: plugins as LoadedConfig['plugins'] };
}

/** Drops problems about values whose `${VAR}` already failed (they would repeat the same cause). */
function withoutFailedPaths(problems: string[], label: string, failedPaths: ReadonlySet<string>): string[] {
  if (failedPaths.size === 0) return problems;
  const prefixes = [...failedPaths].map((path) => `${label}: ${path}: `);
  return problems.filter((problem) => !prefixes.some((prefix) => problem.startsWith(prefix)));
}

function labelOf(file: string): string {
  return file.split(/[\\/]/).pop() || file;
}

interface PluginResult {
  plugin?: LoadedPlugin;
  problems: string[];
}

async function loadPluginFor(
  role: PluginRole,
  choice: unknown,
  configDir: string,
  context: { fileLabel: string; secretPaths: ReadonlySet<string> },
): Promise<PluginResult> {
  // A missing or malformed section was already reported by the schema.
  if (!choice || typeof choice !== 'object') return { problems: [] };
  const { use, options } = choice as { use?: unknown; options?: unknown };
  if (typeof use !== 'string' || use === '') return { problems: [] };
  const at = (message: string) => problemLine(context.fileLabel, `${role}.use`, message);
  if (use === NO_PLUGIN) {
    return role === 'video' ? { problems: [] } : { problems: [at(`"${NO_PLUGIN}" is only allowed for video; ${role} needs a plugin`)] };
  }

  let imported;
  try {
    imported = await importPlugin(use, role, configDir);
  } catch (error) {
    return { problems: [at(error instanceof Error ? error.message : String(error))] };
  }
  const { descriptor, resolvedPath } = imported;
  const { id, role: pluginRole, hostApi } = descriptor.manifest;
  const problems: string[] = [];
  if (pluginRole !== role) {
    problems.push(at(`plugin "${id}" (${use}) is a ${pluginRole} plugin; it cannot fill ${role}`));
  }
  const range = semver.validRange(hostApi);
  if (!range) {
    problems.push(at(`plugin "${id}" declares an invalid hostApi range ${JSON.stringify(hostApi)}`));
  } else if (!semver.satisfies(HOST_API_VERSION, range)) {
    problems.push(
      at(
        `plugin "${id}" needs host API ${hostApi}, but this host provides ${HOST_API_VERSION} (the @clinic-arrivals/plugin-kit version); use a version of the plugin made for it`,
      ),
    );
  }
  if (problems.length > 0) return { problems };

  const rawOptions = options === undefined ? {} : options;
  // Non-object options were reported by the host schema.
  if (!rawOptions || typeof rawOptions !== 'object' || Array.isArray(rawOptions)) return { problems };
  const checked = validatePluginOptions(descriptor, role, rawOptions as Record<string, unknown>, context);
  if (!checked.options) return { problems: checked.problems };
  const fileProblems = fileReferenceProblems(checked.files ?? [], {
    ...context,
    configDir,
    basePath: [role, 'options'],
    pluginId: id,
  });
  if (fileProblems.length > 0) return { problems: fileProblems };
  return {
    plugin: { descriptor, options: checked.options, specifier: use, resolvedPath },
    problems: [],
  };
}

function buildHostConfig(value: ValidatedCore, plugins: Partial<Record<PluginRole, LoadedPlugin>>, file: string, dir: string): HostConfig {
  const { $schema: _ignored, ...rest } = value as ValidatedCore & { $schema?: string };
  const config: HostConfig = { ...rest, source: { file, dir } };
  for (const role of PLUGIN_ROLES) {
    const plugin = plugins[role];
    if (plugin) config[role] = { ...config[role], options: plugin.options } as VideoChoice; // keeps the choice's own keys (video.maxGuests)
  }
  // Relative store paths are relative to the config folder, not to wherever the host was started.
  if (config.store.path !== ':memory:' && !isAbsolute(config.store.path)) {
    config.store = { ...config.store, path: resolve(dir, config.store.path) };
  }
  return config;
}
