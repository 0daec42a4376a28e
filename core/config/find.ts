import { basename, dirname, resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { cosmiconfig, defaultLoaders } from 'cosmiconfig';
import { ConfigValidationError } from './errors.js';
import { ConfigSyntaxError, EMPTY_FILE, loadJsonConfig, loadYamlConfig } from './file-loaders.js';
import { DEFAULT_CONFIG_LABEL, defaultConfigNotice, defaultConfigObject } from './default-config.js';
import { locatorFor, type SourceLocator } from './locate.js';

/** The cosmiconfig module name, also the key read from package.json. */
export const CONFIG_MODULE_NAME = 'clinicarrivals';

/**
 * Where a config is looked for, in this order, in the working folder and then each parent up
 * to the nearest package.json. cosmiconfig does not look for the YAML/JSON
 * `clinicarrivals.config.*` files on its own, hence the explicit list.
 */
export const CONFIG_SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.clinicarrivalsrc',
  '.clinicarrivalsrc.json',
  '.clinicarrivalsrc.yaml',
  '.clinicarrivalsrc.yml',
  '.clinicarrivalsrc.js',
  '.clinicarrivalsrc.cjs',
  '.clinicarrivalsrc.mjs',
  'clinicarrivals.config.yaml',
  'clinicarrivals.config.yml',
  'clinicarrivals.config.json',
  'clinicarrivals.config.js',
  'clinicarrivals.config.cjs',
  'clinicarrivals.config.mjs',
];

/** A config as read from disk (or the embedded default), before env substitution and validation. */
export interface FoundConfig {
  /** Absolute file path, or {@link DEFAULT_CONFIG_LABEL}. */
  file: string;
  /** Folder relative paths resolve against. */
  dir: string;
  /** Name used at the start of problem lines (`clinicarrivals.config.yaml`, `package.json#clinicarrivals`). */
  label: string;
  raw: unknown;
  /** True for the embedded default. */
  isDefault: boolean;
  /** Set for the embedded default: tells the operator how to get a real config. */
  notice?: string;
  /** Where keys are in the file (YAML files only), for problems that give a line. */
  locate?: SourceLocator;
}

function explorer() {
  return cosmiconfig(CONFIG_MODULE_NAME, {
    searchPlaces: [...CONFIG_SEARCH_PLACES],
    searchStrategy: 'project',
    ignoreEmptySearchPlaces: false,
    cache: false,
    loaders: {
      ...defaultLoaders,
      '.yaml': loadYamlConfig,
      '.yml': loadYamlConfig,
      '.json': loadJsonConfig,
      noExt: loadYamlConfig,
    },
  });
}

function labelFor(file: string): string {
  const name = basename(file);
  return name === 'package.json' ? `package.json#${CONFIG_MODULE_NAME}` : name;
}

/**
 * Finds and parses the config: `configPath` when given (it must exist), otherwise the first
 * search place found from `cwd` upwards, otherwise the embedded default.
 *
 * @throws ConfigValidationError for a missing --config file, a syntax error or an empty file
 */
export async function findConfig(options: { configPath?: string; cwd?: string } = {}): Promise<FoundConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  if (options.configPath !== undefined) {
    const file = resolve(cwd, options.configPath);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new ConfigValidationError([`${file}: config file not found (given with --config)`]);
    if (!info.isFile()) throw new ConfigValidationError([`${file}: is not a file (given with --config)`]);
    const result = await readWith(file, () => explorer().load(file));
    if (result === null) {
      throw new ConfigValidationError([`${file}: has no "${CONFIG_MODULE_NAME}" key`]);
    }
    return result;
  }
  const result = await readWith(cwd, () => explorer().search(cwd));
  if (result) return result;
  return {
    file: DEFAULT_CONFIG_LABEL,
    dir: cwd,
    label: DEFAULT_CONFIG_LABEL,
    raw: defaultConfigObject(),
    isDefault: true,
    notice: defaultConfigNotice(cwd),
  };
}

async function readWith(where: string, read: () => Promise<{ config: unknown; filepath: string; isEmpty?: boolean } | null>): Promise<FoundConfig | null> {
  let result;
  try {
    result = await read();
  } catch (error) {
    const file = (error as { filepath?: string }).filepath ?? where;
    throw new ConfigValidationError(describeReadError(file, error));
  }
  if (!result) return null;
  const label = labelFor(result.filepath);
  if (result.isEmpty || result.config === undefined || result.config === null) {
    throw new ConfigValidationError([`${label}: ${EMPTY_FILE}`]);
  }
  const locate = locatorFor(result.config);
  return { file: result.filepath, dir: dirname(result.filepath), label, raw: result.config, isDefault: false, ...(locate ? { locate } : {}) };
}

function describeReadError(file: string, error: unknown): string[] {
  const label = labelFor(file);
  if (error instanceof ConfigSyntaxError) return error.details.map((detail) => `${label}: ${detail}`);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return [`${label}: could not be read: ${message}`];
}
