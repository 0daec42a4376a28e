import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_SERVICE_UNIT_OPTIONS, serviceUnitProblem, serviceUnitText, type ServiceUnitOptions } from '../service-unit.js';

interface PrintUnitFlags {
  user: string;
  dataDir: string;
  config: string;
  secretsFile: string;
  node?: string;
  main?: string;
}

const FLAG_OF: Record<keyof ServiceUnitOptions, string> = {
  user: '--user',
  dataDir: '--data-dir',
  config: '--config',
  envFile: '--secrets-file',
  node: '--node',
  main: '--main',
};

/** This installation's CLI entry file (main.js in a build). */
function ownMainFile(): string {
  return fileURLToPath(new URL(`../main${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
}

// Not --env-file: Node (20 to 24) reads that flag even after the script's name, and exits 9 when the file is missing.
/** `service print-unit [--user U] [--data-dir D] [--config C] [--secrets-file F] [--node N] [--main M]`. */
export function registerServiceCommand(program: Command): void {
  const service = program.command('service').description('run the host as an operating-system service');
  const d = DEFAULT_SERVICE_UNIT_OPTIONS;
  service
    .command('print-unit')
    .description('print a hardened systemd unit that starts this installation (redirect it to /etc/systemd/system/clinic-arrivals.service)')
    .option('--user <name>', 'system user the host runs as', d.user)
    .option('--data-dir <path>', 'the only folder the host may write (put store.path in it)', d.dataDir)
    .option('--config <path>', 'config file', d.config)
    .option('--secrets-file <path>', 'file with the secrets as KEY=value lines (EnvironmentFile=)', d.envFile)
    .option('--node <path>', 'node binary (default: the one running this command)')
    .option('--main <path>', "CLI entry file (default: this installation's)")
    .action((flags: PrintUnitFlags) => {
      process.exitCode = printUnit(flags);
    });
}

function printUnit(flags: PrintUnitFlags): number {
  const options: ServiceUnitOptions = {
    user: flags.user,
    dataDir: resolve(flags.dataDir),
    config: resolve(flags.config),
    envFile: resolve(flags.secretsFile),
    node: resolve(flags.node ?? process.execPath),
    main: resolve(flags.main ?? ownMainFile()),
  };
  const problems = (Object.keys(options) as (keyof ServiceUnitOptions)[])
    .map((key) => [key, serviceUnitProblem(key, options[key])] as const)
    .filter(([, problem]) => problem !== undefined)
    .map(([key, problem]) => `${FLAG_OF[key]}: ${problem} (got "${options[key]}")`);
  if (problems.length > 0) {
    process.stderr.write(`clinic-arrivals service print-unit:\n${problems.map((p) => `  ${p}\n`).join('')}`);
    return EXIT.config;
  }
  // ProtectHome=yes hides /home, /root and /run/user from the service: a node (nvm) or an install there cannot start.
  for (const key of ['node', 'main'] as const) {
    if (/^\/(home|root|run\/user)(\/|$)/.test(options[key])) {
      process.stderr.write(
        `warning: ${FLAG_OF[key]} ${options[key]} is under a home folder, which the unit hides (ProtectHome=yes); install node and clinic-arrivals system-wide (e.g. npm install -g)\n`,
      );
    }
  }
  process.stdout.write(serviceUnitText(options));
  return EXIT.ok;
}
