import type { Command } from 'commander';
import { MIN_PASSWORD_LENGTH } from '../../auth/passwords.js';
import { addStaffUser, listStaffUsers, removeStaffUser, StaffUserInputError } from '../../auth/staff-users.js';
import type { Store } from '../../store/store.js';
import { ClinicArrivalsError, describeError } from '@clinic-arrivals/plugin-kit';
import { EXIT } from '../exit-codes.js';
import { readPassword } from '../read-password.js';
import { reportFailure } from '../report.js';
import { openStoreForCommand, type CommandStore } from '../store-for-command.js';

/**
 * Opens the store the host uses (the config's store; with many clinics, the one `--clinic`
 * names), so accounts added here are seen by a running host at its next request.
 */
async function withStore(options: { config?: string; clinic?: string }, work: (store: Store) => Promise<void>): Promise<number> {
  let opened: CommandStore;
  try {
    opened = await openStoreForCommand(options.config, options.clinic);
  } catch (error) {
    return reportFailure(error);
  }
  try {
    await work(opened.store);
    return EXIT.ok;
  } catch (error) {
    // Our own refusals (exists, too short, unknown name) are plain messages, not crashes.
    const known = error instanceof StaffUserInputError || error instanceof ClinicArrivalsError;
    process.stderr.write(`clinic-arrivals: ${known ? (error as Error).message : describeError(error)}\n`);
    return EXIT.failure;
  } finally {
    await opened.close();
  }
}

/** `users add|list|remove`: staff accounts of the reception web app. */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description("staff accounts for the reception web app (kept in the host's store)");

  users
    .command('add <name>')
    .description(`add a staff account; the password (at least ${MIN_PASSWORD_LENGTH} characters) is asked for, or read from standard input`)
    .option('--admin', 'may also edit templates, practitioners, users and settings')
    .option('--reset', 'the account exists: set a new password (and role) and sign it out everywhere')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .option('--clinic <id>', 'with a config that lists many clinics: the clinic whose staff these are')
    .action(async (name: string, options: { admin?: boolean; reset?: boolean; config?: string; clinic?: string }) => {
      process.exitCode = await withStore(options, async (store) => {
        const password = await readPassword(`password for ${name}`);
        const role = options.admin ? 'admin' : 'reception';
        const user = await addStaffUser(store, { name, password, role, reset: options.reset }, Date.now());
        process.stdout.write(`user "${user.name}" ${options.reset ? 'updated' : 'added'} (${user.role})\n`);
      });
    });

  users
    .command('list')
    .description('list staff accounts')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .option('--clinic <id>', 'with a config that lists many clinics: the clinic whose staff these are')
    .action(async (options: { config?: string; clinic?: string }) => {
      process.exitCode = await withStore(options, async (store) => {
        const all = await listStaffUsers(store);
        if (all.length === 0) process.stdout.write('no staff accounts (sign-in is not required on a loopback address)\n');
        for (const user of all) process.stdout.write(`${user.name.padEnd(24)} ${user.role.padEnd(9)} added ${new Date(user.createdAt).toISOString()}\n`);
      });
    });

  users
    .command('remove <name>')
    .description('remove a staff account and sign it out')
    .option('-c, --config <path>', 'config file to use instead of searching the current folder')
    .option('--clinic <id>', 'with a config that lists many clinics: the clinic whose staff these are')
    .action(async (name: string, options: { config?: string; clinic?: string }) => {
      process.exitCode = await withStore(options, async (store) => {
        await removeStaffUser(store, name);
        process.stdout.write(`user "${name}" removed\n`);
      });
    });
}
