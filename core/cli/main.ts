#!/usr/bin/env node
import { Command } from 'commander';
import { packageVersion } from './package-info.js';
import { registerDemoCommand, registerStartCommand } from './commands/start.js';
import { registerCheckConfigCommand } from './commands/check-config.js';
import { registerInitCommand } from './commands/init.js';
import { registerUsersCommand } from './commands/users.js';
import { registerBackupCommand } from './commands/backup.js';
import { registerRestoreCommand } from './commands/restore.js';
import { registerServiceCommand } from './commands/service.js';
import { commandLineIntent } from './command-line.js';
import { listPluginCommands, runNamedPluginCommand } from './plugin-command-line.js';

/**
 * `clinic-arrivals` command line: start the host (or the demo), check a config, write a
 * starting config, manage users and backups, and the commands plugins add (the reply proxy's
 * `proxy`, for one), which are looked up only when the line names one or asks for help.
 */
const program = new Command()
  .name('clinic-arrivals')
  .description('Integration host for GP clinics: appointment-aware SMS, arrivals and video consults on top of a FHIR R4 PMS.')
  .version(packageVersion(), '-v, --version', 'print the version')
  .showHelpAfterError();

registerStartCommand(program);
registerDemoCommand(program);
registerCheckConfigCommand(program);
registerInitCommand(program);
registerUsersCommand(program);
registerBackupCommand(program);
registerRestoreCommand(program);
registerServiceCommand(program);

const coreNames = new Set([...program.commands.map((command) => command.name()), 'help']);
const [node, script] = process.argv;
const intent = commandLineIntent(process.argv.slice(2), coreNames);

if (intent.kind === 'plugin' && (await runNamedPluginCommand(intent, coreNames))) {
  // Ran (its exit code is set); otherwise commander below reports the unknown command.
} else if (intent.kind === 'help') {
  for (const { pluginId, command } of await listPluginCommands(intent.configPath, coreNames)) {
    program.command(command.name).description(`${command.summary} [${pluginId}]`);
  }
  await program.parseAsync([node!, script!, ...intent.argv]);
} else {
  await program.parseAsync(process.argv);
}
