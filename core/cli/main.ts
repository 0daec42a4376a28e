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
// The reply proxy ships in the same package so a clinic or vendor can run it with the same CLI.
import { registerProxyCommand } from '../../plugins/proxy-default/server/cli.js';

/** `clinic-arrivals` command line: start the host (or the demo), check a config, write a starting config, run the reply proxy. */
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
registerProxyCommand(program);

await program.parseAsync(process.argv);
