import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { EXIT } from '../exit-codes.js';
import { reportFailure, reportNotices } from '../report.js';

/** `start [--config <path>]`: validate, start the host, stop cleanly on SIGINT/SIGTERM. */
export function registerStartCommand(program: Command): void {
  program
    .command('start')
    .description('start the host (validates the config first; nothing starts when it has problems)')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .action(async (options: { config?: string }) => {
      process.exitCode = await runStart(options.config);
    });
}

async function runStart(configPath: string | undefined): Promise<number> {
  let host: { apiUrl: string; stop(): Promise<void> };
  try {
    const loaded = await loadConfig({ configPath });
    reportNotices(loaded.notices);
    // Loaded lazily: check-config and init need neither the store nor the HTTP server.
    const { startHost } = await import('../../runtime/host.js');
    host = await startHost(loaded);
  } catch (error) {
    return reportFailure(error);
  }
  // startHost's banner has already said where the API is.
  process.stdout.write('Press Ctrl+C to stop.\n');

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  // A second signal while stopping means "now".
  const force = () => process.exit(EXIT.failure);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  process.stdout.write(`${signal}: stopping…\n`);
  try {
    await host.stop();
  } catch (error) {
    return reportFailure(error);
  } finally {
    process.off('SIGINT', force);
    process.off('SIGTERM', force);
  }
  process.stdout.write('stopped\n');
  return EXIT.ok;
}
