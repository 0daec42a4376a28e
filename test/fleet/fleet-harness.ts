import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { createSilentLogger, ManualClock } from '@clinic-arrivals/plugin-kit/testing';
import { checkFleetConfig, type FleetConfig } from '../../core/config/fleet-config.js';
import { openClinicStore } from '../../core/runtime/clinic-store.js';
import type { ClinicState } from '../../core/runtime/fleet/clinic-runner.js';
import { FleetClinics } from '../../core/runtime/fleet/fleet-clinics.js';
import { TOKENS } from '../../core/runtime/tokens.js';
import { PmsSimulator } from '../../plugins/pms-simulator/index.js';
import { SmsSimulator } from '../../plugins/sms-simulator/index.js';
import { InboxSimulator } from '../../plugins/inbox-simulator/index.js';

/*
 * A fleet on the simulators in a tmp folder: a fleet file with shared defaults and a clinics/
 * folder with one YAML file per clinic, which tests add, change and remove while it runs.
 */

export const FLEET_DEFAULTS = {
  pms: { use: 'pms-simulator' },
  sms: { use: 'sms-simulator', options: { print: false } },
  inbox: { use: 'inbox-simulator' },
  video: { use: 'none' },
  clinic: { region: 'AU', locale: 'en-AU' },
};

export interface FleetFolder {
  dir: string;
  clinicsDir: string;
  writeClinic(id: string, config: Record<string, unknown> | string): void;
  removeClinic(id: string): void;
  remove(): void;
}

export function fleetFolder(fleetFile: Record<string, unknown> = {}): FleetFolder {
  const dir = mkdtempSync(join(tmpdir(), 'ca-fleet-'));
  const clinicsDir = join(dir, 'clinics');
  mkdirSync(clinicsDir);
  writeFileSync(
    join(dir, 'clinicarrivals.config.yaml'),
    stringify({ ...FLEET_DEFAULTS, clinics: './clinics', store: { path: './data/fleet.sqlite' }, logging: { level: 'silent' }, ...fleetFile }),
  );
  return {
    dir,
    clinicsDir,
    writeClinic: (id, config) => writeFileSync(join(clinicsDir, `${id}.yaml`), typeof config === 'string' ? config : stringify(config)),
    removeClinic: (id) => rmSync(join(clinicsDir, `${id}.yaml`)),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The fleet file as `start` finds it. */
export function fleetConfigIn(folder: FleetFolder): FleetConfig {
  const file = join(folder.dir, 'clinicarrivals.config.yaml');
  const raw = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return checkFleetConfig({ file, dir: folder.dir, label: 'clinicarrivals.config.yaml', raw, isDefault: false }, {});
}

/** Clinics of a fleet on a manual clock, loops off; `states` records every state change. */
export function fleetOn(fleet: FleetConfig, clock: ManualClock) {
  const states: Array<{ clinic: string; state: ClinicState }> = [];
  const waiters: Array<() => void> = [];
  const clinics = new FleetClinics(
    fleet,
    {
      clock,
      logger: createSilentLogger(),
      api: fleet.api,
      openStore: (config) => openClinicStore(config, clock, createSilentLogger()),
      startLoops: false,
      onState: (clinic, state) => {
        states.push({ clinic, state });
        for (const wake of waiters.splice(0)) wake();
      },
    },
    createSilentLogger(),
  );
  const cellOf = (id: string) => {
    const cell = clinics.runners.get(id)?.running;
    if (!cell) throw new Error(`clinic ${id} is not running`);
    return cell;
  };
  const service = <T>(id: string, role: string, type: abstract new (...args: never[]) => T): T => {
    const found = cellOf(id).slots.find((slot) => slot.role === role)?.instance.service;
    if (!(found instanceof type)) throw new Error(`clinic ${id} does not run the ${role} simulator`);
    return found;
  };
  return {
    clinics,
    states,
    /** Resolves once `check` holds, re-checked on each state change. */
    async until(check: () => boolean): Promise<void> {
      while (!check()) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    cellOf,
    pms: (id: string) => service(id, 'pms', PmsSimulator),
    sms: (id: string) => service(id, 'sms', SmsSimulator),
    inbox: (id: string) => service(id, 'inbox', InboxSimulator),
    runToday: (id: string) => cellOf(id).container.resolve(TOKENS.Loops).runToday(),
    handleInbox: (id: string) =>
      cellOf(id)
        .container.resolve(TOKENS.InboxPump)
        .drain(async () => (await service(id, 'inbox', InboxSimulator).pending()) > 0),
  };
}
