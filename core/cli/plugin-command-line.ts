import { CONFIG_ENV_VAR } from '../config/errors.js';
import { reportFailure } from './report.js';
import type { CommandLineIntent } from './command-line.js';
import { builtinPluginCommands, configuredPluginCommands, runPluginCommand, usableCommands, type PluginCommandEntry } from './plugin-commands.js';

/** The config named on the line or in the environment: its third-party plugins may add commands. */
function configToRead(configPath: string | undefined): string | undefined {
  return configPath ?? (process.env[CONFIG_ENV_VAR] || undefined);
}

/**
 * Plugin commands for `--help`: the built-ins', and the configured plugins' when a config is
 * named. A config that does not load is reported and its plugins' commands left out: the help
 * must still show.
 */
export async function listPluginCommands(configPath: string | undefined, coreNames: ReadonlySet<string>): Promise<PluginCommandEntry[]> {
  const entries = await builtinPluginCommands();
  const config = configToRead(configPath);
  if (config) {
    try {
      entries.push(...(await configuredPluginCommands(config)));
    } catch (error) {
      process.stderr.write(`clinic-arrivals: the config's plugin commands are not listed:\n`);
      reportFailure(error);
    }
  }
  return usableCommands(entries, coreNames, process.stderr);
}

/**
 * Runs the plugin command the line names and sets the exit code; false when no plugin has it.
 * Built-ins are looked at first, so `proxy --config proxy.yaml` never reads that file as a
 * clinic config; the configured plugins only when the name is not a built-in's.
 */
export async function runNamedPluginCommand(intent: Extract<CommandLineIntent, { kind: 'plugin' }>, coreNames: ReadonlySet<string>): Promise<boolean> {
  try {
    let entry = find(await builtinPluginCommands(), intent.name, coreNames);
    const config = configToRead(intent.configPath);
    if (!entry && config) entry = find(await configuredPluginCommands(config), intent.name, coreNames);
    if (!entry) return false;
    process.exitCode = await runPluginCommand(entry, intent.args);
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
  return true;
}

function find(entries: PluginCommandEntry[], name: string, coreNames: ReadonlySet<string>): PluginCommandEntry | undefined {
  return usableCommands(
    entries.filter((entry) => entry.command.name === name),
    coreNames,
    process.stderr,
  )[0];
}
