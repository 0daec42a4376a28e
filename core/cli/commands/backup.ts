import type { Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { EXIT } from '../exit-codes.js';
import { reportFailure, reportNotices } from '../report.js';

/** `backup FILE [--config <path>]`: a consistent copy of the store, safe while the host runs. */
export function registerBackupCommand(program: Command): void {
  program
    .command('backup')
    .description('copy the store to FILE (safe while the host runs)')
    .argument('<file>', 'where to write the copy (must not exist yet)')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .action(async (file: string, options: { config?: string }) => {
      process.exitCode = await runBackup(file, options.config);
    });
}

export async function runBackup(file: string, configPath: string | undefined): Promise<number> {
  try {
    const loaded = await loadConfig({ configPath });
    reportNotices(loaded.notices);
    const storePath = loaded.config.store.path;
    if (storePath === ':memory:') throw new Error('the store is in memory (store.path ":memory:"); there is nothing to back up');
    const { backupStore } = await import('../../store/backup.js');
    await backupStore(storePath, file);
    process.stdout.write(`backed up ${storePath} to ${file}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
