import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT } from '../exit-codes.js';
import { initConfigText } from '../init-template.js';

/** `init [--real] [--force] [--out <file>]`: write a commented starting config. */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented clinicarrivals.config.yaml (simulators by default)')
    .option('--real', 'real services (pms-fhir-r4, sms-twilio, proxy-default, video-openvidu) with secrets from the environment')
    .option('-f, --force', 'overwrite an existing file')
    .option('-o, --out <file>', 'where to write', 'clinicarrivals.config.yaml')
    .action(async (options: { real?: boolean; force?: boolean; out: string }) => {
      const file = resolve(options.out);
      if (existsSync(file) && !options.force) {
        process.stderr.write(`${file} already exists; use --force to overwrite it\n`);
        process.exitCode = EXIT.failure;
        return;
      }
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, initConfigText({ real: options.real ?? false }), 'utf8');
      process.stdout.write(`wrote ${file}\n`);
      process.stdout.write(options.real
        ? 'Set FHIR_BASE_URL, FHIR_TOKEN, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM, OPENVIDU_URL, OPENVIDU_SECRET and OPENVIDU_JOIN_PAGE_URL, then run `clinic-arrivals check-config`.\n'
        : 'Next: `clinic-arrivals check-config`, then `clinic-arrivals start`.\n');
      process.exitCode = EXIT.ok;
    });
}
