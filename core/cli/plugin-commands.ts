import { pathToFileURL } from 'node:url';
import type { PluginCommand, PluginCommandIo } from '@clinic-arrivals/plugin-kit';
import { loadConfig } from '../config/load.js';
import { BUILTIN_PLUGINS, BUILTIN_PLUGINS_DIR, builtinCommandsFile } from '../plugin-host/builtins.js';

/** A command and the plugin that contributes it. */
export interface PluginCommandEntry {
  pluginId: string;
  command: PluginCommand;
}

const COMMAND_NAME = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Commands of the built-in plugins, from each one's light `commands` module (never its entry,
 * so `--help` stays fast). `pluginsDir` is for tests.
 */
export async function builtinPluginCommands(pluginsDir: string = BUILTIN_PLUGINS_DIR): Promise<PluginCommandEntry[]> {
  const entries: PluginCommandEntry[] = [];
  for (const pluginId of Object.keys(BUILTIN_PLUGINS)) {
    const file = builtinCommandsFile(pluginId, pluginsDir);
    if (!file) continue;
    const module: { commands?: unknown } = await import(pathToFileURL(file).href);
    entries.push(...commandsOf(pluginId, module.commands));
  }
  return entries;
}

/**
 * Commands of the config's plugins that are not built in (theirs come from
 * {@link builtinPluginCommands}): loading the config imports them and validates everything.
 */
export async function configuredPluginCommands(configPath: string): Promise<PluginCommandEntry[]> {
  const loaded = await loadConfig({ configPath });
  const entries: PluginCommandEntry[] = [];
  for (const plugin of Object.values(loaded.plugins)) {
    if (!plugin) continue;
    const pluginId = plugin.descriptor.manifest.id;
    if (Object.hasOwn(BUILTIN_PLUGINS, pluginId)) continue;
    entries.push(...commandsOf(pluginId, plugin.descriptor.extensions?.commands));
  }
  return entries;
}

/**
 * Drops what cannot be a command: a declaration without a name, summary or `load`, a name the
 * host uses already, or one another plugin took first. Each is reported on `stderr`.
 */
export function usableCommands(entries: readonly PluginCommandEntry[], reserved: ReadonlySet<string>, stderr: NodeJS.WritableStream): PluginCommandEntry[] {
  const taken = new Map<string, string>();
  const usable: PluginCommandEntry[] = [];
  for (const entry of entries) {
    const { name } = entry.command;
    const problem = reserved.has(name) ? 'the host has a command of that name' : taken.has(name) ? `plugin "${taken.get(name)}" declares it too` : undefined;
    if (problem) {
      stderr.write(`clinic-arrivals: command "${name}" of plugin "${entry.pluginId}" ignored: ${problem}\n`);
      continue;
    }
    taken.set(name, entry.pluginId);
    usable.push(entry);
  }
  return usable;
}

/** Loads the command's code and runs it with the process's streams; resolves with the exit code. */
export async function runPluginCommand(entry: PluginCommandEntry, argv: readonly string[]): Promise<number> {
  const module = await entry.command.load();
  if (typeof module?.run !== 'function') {
    throw new Error(`plugin "${entry.pluginId}": command "${entry.command.name}" loaded a module without a run() function`);
  }
  const io: PluginCommandIo = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() };
  return module.run(argv, io);
}

function commandsOf(pluginId: string, declared: unknown): PluginCommandEntry[] {
  if (declared === undefined) return [];
  if (!Array.isArray(declared)) throw new Error(`plugin "${pluginId}": commands must be a list`);
  return declared.map((command: unknown) => {
    if (!isPluginCommand(command)) {
      throw new Error(`plugin "${pluginId}": a command needs a name (lower-case letters, digits, dashes), a summary and load()`);
    }
    return { pluginId, command };
  });
}

function isPluginCommand(value: unknown): value is PluginCommand {
  if (typeof value !== 'object' || value === null) return false;
  const name: unknown = Reflect.get(value, 'name');
  return (
    typeof name === 'string' && COMMAND_NAME.test(name) && typeof Reflect.get(value, 'summary') === 'string' && typeof Reflect.get(value, 'load') === 'function'
  );
}
