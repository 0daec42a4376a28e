import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PluginRole } from '@clinic-arrivals/plugin-kit';

/**
 * Plugins that ship with the host, by the short name used in config (== folder under plugins/
 * == manifest id), and the role each one fills. `proxy-default` is the reply proxy's inbox.
 */
export const BUILTIN_PLUGINS: Readonly<Record<string, PluginRole>> = Object.freeze({
  'pms-fhir-r4': 'pms',
  'pms-simulator': 'pms',
  'sms-twilio': 'sms',
  'sms-simulator': 'sms',
  'proxy-default': 'inbox',
  'inbox-twilio-api': 'inbox',
  'inbox-simulator': 'inbox',
  'video-openvidu': 'video',
  'video-jitsi': 'video',
  'video-simulator': 'video',
});

/** `video.use: none` turns video off; no other role may be switched off. */
export const NO_PLUGIN = 'none';

/** The role of a built-in plugin, or undefined when `name` is not one. */
export function builtinRole(name: string): PluginRole | undefined {
  return Object.hasOwn(BUILTIN_PLUGINS, name) ? BUILTIN_PLUGINS[name] : undefined;
}

/** Built-in names for one role, in a stable order (for "known: …" messages). */
export function builtinsForRole(role: PluginRole): string[] {
  return Object.entries(BUILTIN_PLUGINS)
    .filter(([, r]) => r === role)
    .map(([name]) => name);
}

/*
 * plugins/ sits two levels above this module both in the sources (core/plugin-host/) and in a
 * build (dist/core/plugin-host/ → dist/plugins/). Built JavaScript wins; the TypeScript source is
 * used when running the sources under tsx.
 */
const ENTRY_CANDIDATES = ['index.js', 'index.ts'];
/** A built-in plugin's CLI commands, in a module light enough to import for `--help`. */
const COMMANDS_CANDIDATES = ['commands.js', 'commands.ts'];

/** The folder holding the built-in plugins of this installation. */
export const BUILTIN_PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));

/**
 * The entry file of a built-in plugin, or undefined when this build does not include it
 * (its folder or entry is missing). `pluginsDir` is for tests.
 */
export function builtinEntryFile(id: string, pluginsDir: string = BUILTIN_PLUGINS_DIR): string | undefined {
  return firstExisting(pluginsDir, id, ENTRY_CANDIDATES);
}

/**
 * The module declaring a built-in plugin's CLI commands (`export const commands`), or undefined
 * when the plugin has none. Its descriptor declares the same list under `extensions.commands`;
 * this file lets the CLI list them without importing the plugin (and its client libraries).
 */
export function builtinCommandsFile(id: string, pluginsDir: string = BUILTIN_PLUGINS_DIR): string | undefined {
  return firstExisting(pluginsDir, id, COMMANDS_CANDIDATES);
}

function firstExisting(pluginsDir: string, id: string, candidates: readonly string[]): string | undefined {
  for (const entry of candidates) {
    const file = join(pluginsDir, id, entry);
    if (existsSync(file)) return file;
  }
  return undefined;
}
