import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemTimeZone } from '../../config/default-config.js';
import { localeProblem, regionProblem, requiredEnvVars, timeZoneProblem } from '../clinic-settings.js';
import { EXIT } from '../exit-codes.js';
import { onNoProblem, workflowChoices, type WorkflowChoiceFlags, type WorkflowChoices } from '../init-choices.js';
import { initConfigText } from '../init-template.js';
import { openTerminal, type TerminalAnswers } from '../terminal-answers.js';

interface InitOptions extends WorkflowChoiceFlags {
  real?: boolean;
  force?: boolean;
  out: string;
  timeZone?: string;
  region?: string;
  locale?: string;
}

interface ClinicSettings {
  timeZone: string;
  region: string;
  locale: string;
}

/** Thrown for a bad or missing setting: init writes nothing and exits 2. */
class InitSettingError extends Error {}

const CHECKS = [
  { key: 'timeZone', flag: '--time-zone', question: 'time zone of the clinic (IANA, e.g. Australia/Melbourne)', problem: timeZoneProblem },
  { key: 'region', flag: '--region', question: 'region for local phone numbers (ISO 3166, e.g. AU)', problem: regionProblem },
  { key: 'locale', flag: '--locale', question: 'locale for dates in texts (BCP 47, e.g. en-AU)', problem: localeProblem },
] as const;

/**
 * `init [--real] [--force] [--out <file>] [--time-zone Z] [--region R] [--locale L] [--[no-]confirm]
 * [--on-no reception|cancel] [--[no-]running-late]`: write a commented starting config.
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented clinicarrivals.config.yaml (simulators by default)')
    .option('--real', 'real services (pms-fhir-r4, sms-twilio, proxy-default, video-openvidu) with secrets from the environment')
    .option('-f, --force', 'overwrite an existing file')
    .option('-o, --out <file>', 'where to write', 'clinicarrivals.config.yaml')
    .option('--time-zone <zone>', 'IANA time zone of the clinic, e.g. Australia/Melbourne (asked for on a terminal)')
    .option('--region <code>', 'ISO 3166 region that local phone numbers belong to, e.g. AU (asked for on a terminal)')
    .option('--locale <tag>', 'BCP 47 locale dates are written in, e.g. en-AU (asked for on a terminal)')
    .option('--confirm', 'the registration text asks patients to reply YES to confirm or NO if they cannot come (asked for on a terminal; default off)')
    .option('--no-confirm', 'do not ask patients to confirm')
    .option('--on-no <action>', 'with --confirm, what a NO does: reception (an inbox item with a one-click cancel) or cancel (in the PMS)')
    .option('--running-late', 'text waiting patients when their practitioner runs late (asked for on a terminal; default off)')
    .option('--no-running-late', 'no running-late texts')
    .action(async (options: InitOptions) => {
      process.exitCode = await runInit(options);
    });
}

async function runInit(options: InitOptions): Promise<number> {
  const file = resolve(options.out);
  if (existsSync(file) && !options.force) {
    process.stderr.write(`${file} already exists; use --force to overwrite it\n`);
    return EXIT.failure;
  }
  let settings: ClinicSettings;
  let choices: WorkflowChoices;
  const terminal = process.stdin.isTTY && process.stdout.isTTY ? openTerminal() : undefined;
  try {
    const onNo = options.onNo === undefined ? undefined : onNoProblem(options.onNo);
    if (onNo) throw new InitSettingError(`--on-no: ${onNo}`);
    settings = await clinicSettings(options, terminal);
    choices = await workflowChoices(options, terminal);
  } catch (error) {
    if (!(error instanceof InitSettingError)) throw error;
    process.stderr.write(`clinic-arrivals init: ${error.message}\n`);
    return EXIT.config;
  } finally {
    terminal?.close();
  }
  const text = initConfigText({ real: options.real ?? false, ...settings, ...choices });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, 'utf8');
  process.stdout.write(`wrote ${file}\n`);
  const needed = requiredEnvVars(text);
  process.stdout.write(
    needed.length > 0
      ? `Set ${needed.join(', ')}, then run \`clinic-arrivals check-config\`.\n`
      : 'Next: `clinic-arrivals check-config`, then `clinic-arrivals start`.\n',
  );
  return EXIT.ok;
}

/** Flags first (validated); then a terminal's answers; without one, only safe defaults, said out loud. */
async function clinicSettings(options: InitOptions, terminal: TerminalAnswers | undefined): Promise<ClinicSettings> {
  const given: Partial<ClinicSettings> = {};
  for (const check of CHECKS) {
    const value = options[check.key];
    if (value === undefined) continue;
    const problem = check.problem(value);
    if (problem) throw new InitSettingError(`${check.flag}: ${problem}`);
    given[check.key] = value;
  }
  const machineZone = systemTimeZone();
  const machineZoneUsable = !timeZoneProblem(machineZone) && !/^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(machineZone);
  const defaults: Partial<ClinicSettings> = { ...(machineZoneUsable ? { timeZone: machineZone } : {}), region: 'AU', locale: 'en-AU' };

  if (terminal) return ask(terminal, given, defaults);

  if (given.timeZone === undefined) {
    if (!defaults.timeZone) {
      throw new InitSettingError(
        `this machine's time zone is ${machineZone}, which is rarely a clinic's; pass --time-zone (e.g. --time-zone Australia/Melbourne)`,
      );
    }
    process.stderr.write(`note: time zone ${defaults.timeZone} taken from this machine; pass --time-zone to choose another\n`);
  }
  if (given.region === undefined) process.stderr.write(`note: region ${defaults.region} assumed; pass --region to choose another\n`);
  if (given.locale === undefined) process.stderr.write(`note: locale ${defaults.locale} assumed; pass --locale to choose another\n`);
  return { ...defaults, ...given } as ClinicSettings;
}

/** Asks for each setting not given, offering the default; asks again after an answer that does not check. */
async function ask(terminal: TerminalAnswers, given: Partial<ClinicSettings>, defaults: Partial<ClinicSettings>): Promise<ClinicSettings> {
  const settings = { ...given };
  for (const check of CHECKS) {
    while (settings[check.key] === undefined) {
      const fallback = defaults[check.key];
      const line = await terminal.answer(`${check.question}${fallback ? ` [${fallback}]` : ''}: `);
      if (line === undefined) throw new InitSettingError(`no answer for ${check.flag}; nothing was written`);
      const value = line.trim() || fallback;
      if (!value) continue;
      const problem = check.problem(value);
      if (problem) process.stdout.write(`  ${problem}\n`);
      else settings[check.key] = value;
    }
  }
  return settings as ClinicSettings;
}
