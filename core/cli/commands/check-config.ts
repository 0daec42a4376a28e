import type { Command } from 'commander';
import { CONFIG_ENV_VAR } from '../../config/errors.js';
import { checkFleetConfig, clinicSourcesOf, isFleetConfigObject, loadClinic, type FleetConfig } from '../../config/fleet-config.js';
import { findConfig } from '../../config/find.js';
import { loadConfig } from '../../config/load.js';
import type { LoadedConfig } from '../../config/types.js';
import { PLUGIN_ROLES } from '@clinic-arrivals/plugin-kit';
import { loggerOptionsFor } from '../../runtime/logging-settings.js';
import { specifierKind } from '../../plugin-host/loader.js';
import { EXIT } from '../exit-codes.js';
import { zoneWarning } from '../clinic-settings.js';
import { reportFailure, reportNotices } from '../report.js';
import { templateCosts } from '../template-costs.js';

/** `check-config [--config <path>]`: load and validate everything, start nothing. Exit 2 on problems. */
export function registerCheckConfigCommand(program: Command): void {
  program
    .command('check-config')
    .description('validate the config and load its plugins without starting anything (exit code 2 when it has problems)')
    .option('-c, --config <path>', 'config file to check instead of searching the current folder (or set CLINIC_ARRIVALS_CONFIG)')
    .action(async (options: { config?: string }) => {
      try {
        const fleet = await fleetConfigAt(options.config);
        if (fleet) {
          process.exitCode = await checkFleet(fleet);
          return;
        }
        const loaded = await loadConfig({ configPath: options.config });
        reportNotices(loaded.notices);
        // LOG_LEVEL / LOG_FORMAT would stop `start` with exit 2: say so here first.
        loggerOptionsFor(loaded.config.logging, { configDir: loaded.config.source.dir });
        // A wrong zone passes validation but puts every appointment time in texts off by hours.
        const warning = zoneWarning(loaded.config.clinic.timeZone, loaded.config.clinic.region);
        if (warning) process.stderr.write(`warning: ${warning}\n`);
        process.stdout.write(describeLoadedConfig(loaded));
        // What each text costs, per language; a text over three segments is a warning, not an error.
        const costs = templateCosts(loaded.config);
        process.stdout.write(`${costs.lines.join('\n')}\n`);
        for (const line of costs.warnings) process.stderr.write(`warning: ${line}\n`);
      } catch (error) {
        process.exitCode = reportFailure(error);
        return;
      }
      process.exitCode = EXIT.ok;
    });
}

/** The fleet config at `configPath` (or found), when the config has `clinics:`. */
async function fleetConfigAt(configPath: string | undefined): Promise<FleetConfig | undefined> {
  const found = await findConfig({ configPath: configPath ?? (process.env[CONFIG_ENV_VAR] || undefined) });
  return !found.isDefault && isFleetConfigObject(found.raw) ? checkFleetConfig(found) : undefined;
}

/** Every clinic of a fleet: `clinic <id> OK` or its problems. Exit 2 when any clinic has problems (start would keep it down). */
async function checkFleet(fleet: FleetConfig): Promise<number> {
  const clinics = await Promise.all(clinicSourcesOf(fleet).map((source) => loadClinic(fleet, source)));
  process.stdout.write(`fleet config OK: ${fleet.file} (${clinics.length} clinics)\n`);
  let broken = 0;
  for (const clinic of clinics) {
    if (clinic.loaded) {
      process.stdout.write(`  clinic ${clinic.id} OK (${clinic.label})\n`);
      continue;
    }
    broken += 1;
    process.stderr.write(`clinic ${clinic.id} has problems; start keeps it down and runs the others:\n`);
    for (const problem of clinic.problems ?? []) process.stderr.write(`  ${problem}\n`);
  }
  return broken > 0 ? EXIT.config : EXIT.ok;
}

/** `config OK: <file>` and the plugin chosen for each role. */
export function describeLoadedConfig(loaded: LoadedConfig): string {
  const lines = [`config OK: ${loaded.config.source.file}`];
  for (const role of PLUGIN_ROLES) {
    const plugin = loaded.plugins[role];
    lines.push(
      plugin
        ? `  ${role.padEnd(5)} ${plugin.descriptor.manifest.id} (${specifierKind(plugin.specifier) === 'builtin' ? 'built-in' : plugin.resolvedPath})`
        : `  ${role.padEnd(5)} none (turned off)`,
    );
  }
  return `${lines.join('\n')}\n`;
}
