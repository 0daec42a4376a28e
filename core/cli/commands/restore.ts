import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { EXIT } from '../exit-codes.js';
import { reportFailure, reportNotices } from '../report.js';

/** `restore FILE [--config <path>]`: replace the store with a backup; refused while a host runs. */
export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('replace the store with the backup FILE (stop the host first; the old store is kept beside it)')
    .argument('<file>', 'a file written by `clinic-arrivals backup`')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .action(async (file: string, options: { config?: string }) => {
      process.exitCode = await runRestore(file, options.config);
    });
}

export async function runRestore(file: string, configPath: string | undefined): Promise<number> {
  try {
    const loaded = await loadConfig({ configPath });
    reportNotices(loaded.notices);
    const storePath = loaded.config.store.path;
    if (storePath === ':memory:') throw new Error('the store is in memory (store.path ":memory:"); there is nothing to restore into');
    const { restoreStore } = await import('../../store/backup.js');
    const kept = await restoreStore(file, storePath);
    process.stdout.write(`restored ${storePath} from ${file}${kept ? `; the replaced store is kept as ${kept}` : ''}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
