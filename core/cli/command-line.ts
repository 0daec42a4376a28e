/*
 * What the command line asks for, read before commander parses it: plugin commands are found
 * (and their plugins loaded) only when the line needs them, so `--version` and the core
 * commands never pay for it.
 */

/** What to do with the command line. */
export type CommandLineIntent =
  /** A core command, `--version`, or anything commander handles alone. */
  | { kind: 'core' }
  /** The command list: core commands plus the plugins' (from the config too, when one is given). */
  | { kind: 'help'; configPath?: string; argv: string[] }
  /** A name the host does not know: perhaps a plugin's command, run with the words after it. */
  | { kind: 'plugin'; name: string; args: string[]; configPath?: string };

const HELP_WORDS = new Set(['-h', '--help', 'help']);

/** Reads `args` (the words after `clinic-arrivals`); `coreNames` are the host's own commands. */
export function commandLineIntent(args: readonly string[], coreNames: ReadonlySet<string>): CommandLineIntent {
  const { rest, configPath } = withoutConfigOption(args);
  if (rest.length === 0 || (rest.length === 1 && HELP_WORDS.has(rest[0]!))) return { kind: 'help', argv: rest, ...(configPath ? { configPath } : {}) };
  // `help <command>` for a plugin's command is that command's own --help.
  if (rest[0] === 'help' && rest.length === 2 && !coreNames.has(rest[1]!)) {
    return { kind: 'plugin', name: rest[1]!, args: ['--help'], ...(configPath ? { configPath } : {}) };
  }
  const [first] = args;
  if (first === undefined || first.startsWith('-') || coreNames.has(first)) return { kind: 'core' };
  return { kind: 'plugin', name: first, args: args.slice(1), ...(configPath ? { configPath } : {}) };
}

/** `args` without `-c <path>` / `--config <path>` / `--config=<path>`, and that path. */
function withoutConfigOption(args: readonly string[]): { rest: string[]; configPath?: string } {
  const rest: string[] = [];
  let configPath: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if ((arg === '-c' || arg === '--config') && i + 1 < args.length) {
      configPath = args[++i];
    } else if (arg.startsWith('--config=')) {
      configPath = arg.slice('--config='.length);
    } else {
      rest.push(arg);
    }
  }
  return configPath === undefined ? { rest } : { rest, configPath };
}
