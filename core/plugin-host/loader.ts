import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPluginDescriptor, type PluginDescriptor, type PluginRole } from '@clinic-arrivals/plugin-kit';
import { PluginLoadError } from '@clinic-arrivals/plugin-kit';
import { builtinEntryFile, builtinRole, builtinsForRole } from './builtins.js';
import { fileOrIndex, resolvePackage } from './resolve-package.js';
import { refusedAsTypeScript, typeScriptPluginMessage } from './typescript-plugin.js';
import { closestMatch } from '../spelling/suggest.js';

/** How a `use:` value was read. */
export type PluginSource = 'builtin' | 'path' | 'package';

/** A plugin module found and imported, not yet checked against its section or options. */
export interface ImportedPlugin {
  descriptor: PluginDescriptor;
  /** The file the module was imported from. */
  resolvedPath: string;
  source: PluginSource;
}

/** What kind of specifier `use` holds: a built-in short name, a path, or an npm package name. */
export function specifierKind(specifier: string): PluginSource {
  if (builtinRole(specifier)) return 'builtin';
  if (specifier.startsWith('.') || isAbsolute(specifier)) return 'path';
  return 'package';
}

/**
 * Finds the module a `use:` value names, relative to the config folder:
 * - a built-in short name → `plugins/<id>/index.js` (or `.ts` when running the sources);
 * - `./…`, `../…` or `/…` → that file, or a folder's package.json entry / index;
 * - anything else → an npm package installed in `configDir`'s node_modules (or a parent's).
 *
 * @throws PluginLoadError naming the specifier and the folder it was resolved from
 */
export function resolvePluginFile(specifier: string, role: PluginRole, configDir: string): { file: string; source: PluginSource } {
  const source = specifierKind(specifier);
  if (source === 'builtin') {
    const ownRole = builtinRole(specifier)!;
    if (ownRole !== role) {
      throw new PluginLoadError(`plugin "${specifier}" is a ${ownRole} plugin, not ${role}; ${role} plugins: ${builtinsForRole(role).join(', ')}`);
    }
    const file = builtinEntryFile(specifier);
    if (!file) throw new PluginLoadError(`plugin "${specifier}" is not included in this build`);
    return { file, source };
  }
  if (source === 'path') {
    const target = resolve(configDir, specifier);
    const file = fileOrIndex(target);
    if (!file) throw new PluginLoadError(`cannot find plugin "${specifier}": nothing at ${target} (paths are relative to the config folder ${configDir})`);
    return { file, source };
  }
  const found = resolvePackage(specifier, configDir);
  if (found.file) return { file: found.file, source };
  if (found.packageDir) {
    throw new PluginLoadError(
      `plugin package "${specifier}" found at ${found.packageDir} (resolved from ${configDir}) has no importable entry (check its package.json "exports"/"main")`,
    );
  }
  throw new PluginLoadError(unknownPluginMessage(specifier, role, configDir));
}

function unknownPluginMessage(specifier: string, role: PluginRole, configDir: string): string {
  const known = builtinsForRole(role);
  const suggestion = closestMatch(specifier, known);
  const hint = suggestion ? ` Did you mean "${suggestion}"?` : '';
  return `unknown plugin "${specifier}"; known: ${known.join(', ')}.${hint} A path must start with ./ or /; an npm package must be installed in ${configDir} (no node_modules/${specifier} found there or above)`;
}

/**
 * Resolves and imports a plugin and checks that it exports a plugin descriptor (as default
 * export or as `plugin`). Does not check the role, the host API range or the options.
 *
 * @throws PluginLoadError with the original error as `cause`
 */
export async function importPlugin(specifier: string, role: PluginRole, configDir: string): Promise<ImportedPlugin> {
  const { file, source } = resolvePluginFile(specifier, role, configDir);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (cause) {
    if (refusedAsTypeScript(file, cause)) throw new PluginLoadError(typeScriptPluginMessage(specifier, file), { cause });
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw new PluginLoadError(`cannot load plugin "${specifier}" (resolved from ${configDir} to ${file}): ${reason}`, { cause });
  }
  const descriptor = pickDescriptor(module);
  if (!descriptor) {
    throw new PluginLoadError(
      `plugin "${specifier}" (${file}) does not export a plugin: expected \`export default definePlugin({ manifest, optionsSchema, create })\``,
    );
  }
  return { descriptor, resolvedPath: file, source };
}

function pickDescriptor(module: Record<string, unknown>): PluginDescriptor | undefined {
  const candidates = [module.default, module.plugin, (module.default as Record<string, unknown> | undefined)?.default];
  return candidates.find(isPluginDescriptor);
}
