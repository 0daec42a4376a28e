import { Command, CommanderError } from 'commander';
import { describeError, type PluginCommandIo } from '@clinic-arrivals/plugin-kit';
import { ConfigValidationError } from '../../../core/config/errors.js';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { loadProxyConfig } from './config.js';
import { generateClientKey, hashClientKey, MIN_KEY_LENGTH } from './key-hash.js';
import { startProxyServer, type RunningProxy } from './server.js';

/** Where the command writes; tests pass collectors. */
export interface ProxyCommandIo {
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Read for `hash-key` when no key is given and not --generate. @default process.stdin */
  stdin?: NodeJS.ReadableStream;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Called with the running proxy (tests use it to stop the server). */
  onStarted?: (proxy: RunningProxy) => void;
  logger?: Logger;
  /** Install SIGINT/SIGTERM handlers that close the proxy. @default true */
  handleSignals?: boolean;
}

/**
 * Registers `proxy` (run the reply proxy) and `proxy hash-key` on a commander program.
 * `action` results are exit codes: 0 ok, 1 failure, 2 config problems (nothing started).
 */
export function registerProxyCommand(
  program: Command,
  io: ProxyCommandIo = {},
  setExitCode: (code: number) => void = (code) => (process.exitCode = code),
): Command {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const proxy = program
    .command('proxy')
    .description('run the public reply proxy: receives Twilio webhooks and hands replies to clinic hosts (see plugins/proxy-default/README.md)')
    .option('-c, --config <path>', 'config file (a proxy-only file, or a clinic-arrivals config with a proxy: section)')
    .action(async (options: { config?: string }) => {
      try {
        const config = await loadProxyConfig({ configPath: options.config, cwd: io.cwd, env: io.env });
        const running = await startProxyServer(config, { logger: io.logger });
        io.onStarted?.(running);
        if (io.handleSignals !== false) {
          const stop = () => void running.close().then(() => setExitCode(0));
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        }
        setExitCode(0);
      } catch (error) {
        setExitCode(report(error, stderr));
      }
    });
  proxy
    .command('hash-key')
    .description(`print the clientKeyHash for a client key (at least ${MIN_KEY_LENGTH} characters; read from standard input when not given)`)
    .argument('[key]', 'the client key; prefer standard input so it stays out of shell history')
    .option('--generate', 'make a new random key and print it with its hash')
    .action(async (key: string | undefined, options: { generate?: boolean }) => {
      try {
        if (options.generate) {
          const fresh = generateClientKey();
          stdout.write(
            `client key (give it to the clinic host, keep it secret): ${fresh}\nclientKeyHash (put it in the proxy config): ${await hashClientKey(fresh)}\n`,
          );
        } else {
          const given = key ?? (await readAll(io.stdin ?? process.stdin)).trim();
          stdout.write(`${await hashClientKey(given)}\n`);
        }
        setExitCode(0);
      } catch (error) {
        stderr.write(`clinic-arrivals proxy hash-key: ${(error as Error).message}\n`);
        setExitCode(2);
      }
    });
  return proxy;
}

/**
 * Runs the proxy command line on its own: `runProxyCommand(['--config', 'proxy.yaml'])`,
 * `runProxyCommand(['hash-key', '--generate'])`. Resolves with the exit code once the
 * command has done its work (for `proxy`, once the server listens).
 */
export async function runProxyCommand(argv: readonly string[], io: ProxyCommandIo = {}): Promise<number> {
  let exitCode = 0;
  const program = new Command().name('clinic-arrivals').exitOverride();
  program.configureOutput({
    writeOut: (text) => (io.stdout ?? process.stdout).write(text),
    writeErr: (text) => (io.stderr ?? process.stderr).write(text),
  });
  registerProxyCommand(program, io, (code) => (exitCode = code));
  try {
    await program.parseAsync(['proxy', ...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return exitCode;
}

/** `clinic-arrivals proxy …` as the CLI runs it (declared in ../commands.ts). */
export function run(argv: readonly string[], io: PluginCommandIo): Promise<number> {
  return runProxyCommand(argv, io);
}

function report(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof ConfigValidationError) {
    const count = error.problems.length;
    stderr.write(`The proxy config has ${count} problem${count === 1 ? '' : 's'}; nothing was started:\n`);
    for (const problem of error.problems) stderr.write(`  ${problem}\n`);
    return 2;
  }
  stderr.write(`clinic-arrivals proxy: ${describeError(error)}\n`);
  return 1;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  return text;
}
