import type { Command } from 'commander';
import type { LoadConfigOptions } from '../../config/load.js';
import { startConfigured, type StartedHost } from '../start-configured.js';
import { EXIT } from '../exit-codes.js';
import { reportFailure } from '../report.js';

/** `start [--config <path>]`: validate, start the host, stop cleanly on SIGINT/SIGTERM. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the host (validates the config first; nothing starts when it has problems)')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder (or set CLINIC_ARRIVALS_CONFIG)')
    .action(async (options: { config?: string }) => {
      process.exitCode = await runHost({ configPath: options.config, whenNoConfig: 'refuse' });
    });
}

/** `demo`: the simulators and a demo day, in a folder that has no config (never a clinic's store). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('run the host on the simulators with a demo day and a store in ./data (refuses in a folder that has a config)')
    .option('-p, --port <port>', 'port of the reception app and API (0 = any free port)')
    .action(async (options: { port?: string }) => {
      const port = options.port === undefined ? undefined : Number(options.port);
      if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
        process.stderr.write(`--port: must be a whole number from 0 to 65535 (got "${options.port}")\n`);
        process.exitCode = EXIT.config;
        return;
      }
      process.exitCode = await runHost({ whenNoConfig: 'demo-only', defaultApiPort: port });
    });
}

async function runHost(options: Pick<LoadConfigOptions, 'configPath' | 'whenNoConfig' | 'defaultApiPort'>): Promise<number> {
  // Listening before anything starts leaves no moment in which Ctrl+C kills the process
  // outright: a signal while starting stops the host as soon as it is up; a second one means "now".
  let requestStop!: (signal: NodeJS.Signals) => void;
  const stopRequested = new Promise<NodeJS.Signals>((resolve) => (requestStop = resolve));
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals === 1) requestStop(signal);
    else process.exit(EXIT.failure);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await runUntilSignalled(options, stopRequested);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

async function runUntilSignalled(
  options: Pick<LoadConfigOptions, 'configPath' | 'whenNoConfig' | 'defaultApiPort'>,
  stopRequested: Promise<NodeJS.Signals>,
): Promise<number> {
  let host: StartedHost;
  try {
    host = await startConfigured(options);
  } catch (error) {
    return reportFailure(error);
  }
  // startHost's banner has already said where the API is. Standard error, like the banner:
  // standard output carries only the JSON log lines.
  process.stderr.write('Press Ctrl+C to stop.\n');
  const signal = await stopRequested;
  process.stderr.write(`${signal}: stopping…\n`);
  // Stopping waits on things that do not hold the process open (the log file's worker thread,
  // unref'd timers): without a handle of its own, Node could exit mid-stop with code 13.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await host.stop();
  } catch (error) {
    return reportFailure(error);
  } finally {
    clearInterval(keepAlive);
  }
  process.stderr.write('stopped\n');
  return EXIT.ok;
}
