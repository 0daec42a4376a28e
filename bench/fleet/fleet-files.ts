import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

const MINUTE = 60_000;

/**
 * A fixed-offset zone in which `now` falls between 08:00 and 14:00 local, different per clinic
 * (seven offsets in turn): clinics spread over time zones, every one of them in its working day
 * whenever the bench runs. `Etc/GMT-10` is UTC+10.
 */
export function daytimeZone(index: number, now = Date.now()): string {
  const utcHour = new Date(now).getUTCHours();
  let offset = 8 + (index % 7) - utcHour;
  if (offset < -12) offset += 24;
  if (offset > 14) offset -= 24;
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

/** ISO time with the zone's offset, on whole minutes. */
export function localIso(at: number, zone: string): string {
  const minute = Math.floor(at / MINUTE) * MINUTE;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'longOffset',
  }).formatToParts(new Date(minute));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const offset = get('timeZoneName').replace('GMT', '') || '+00:00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:00${offset}`;
}

/**
 * A clinic's day for pms-simulator: 50 appointments, one every 7 minutes from an hour ago to
 * almost five hours ahead, four practitioners, one mobile per patient (the 0491 570 range kept
 * for fiction). With the default 180-minute screening, about 35 are due at the first pass and
 * one more every 7 minutes after.
 */
export function simulatedDay(clinicIndex: number, zone: string, now = Date.now(), count = 50) {
  return Array.from({ length: count }, (_, i) => ({
    id: `c${clinicIndex}-a${i}`,
    start: localIso(now - 60 * MINUTE + i * 7 * MINUTE, zone),
    end: localIso(now - 45 * MINUTE + i * 7 * MINUTE, zone),
    status: 'booked',
    patient: { id: `c${clinicIndex}-p${i}`, name: `Patient ${i}`, firstName: `Pat${i}`, mobile: `0491 570 ${String(100 + i)}` },
    practitioner: { id: `c${clinicIndex}-dr${i % 4}`, name: `Dr ${['Lee', 'Ng', 'Shah', 'Moss'][i % 4]}` },
  }));
}

/** The workflow every bench clinic shares: a poll a minute; texts at any local hour (the run may fall outside 08–20). */
export const BENCH_WORKFLOW = { pollSeconds: 60, quietHours: { start: '00:00', end: '23:59' } };

export interface GeneratedFleet {
  dir: string;
  file: string;
  remove(): void;
}

/** A fleet file plus a clinics/ folder with one generated YAML file per clinic. */
export function writeFleet(fleetFile: Record<string, unknown>, clinics: Array<{ id: string; config: Record<string, unknown> }>): GeneratedFleet {
  const dir = mkdtempSync(join(tmpdir(), 'ca-bench-fleet-'));
  mkdirSync(join(dir, 'clinics'));
  const file = join(dir, 'clinicarrivals.config.yaml');
  writeFileSync(file, stringify({ ...fleetFile, clinics: './clinics' }));
  for (const clinic of clinics) writeFileSync(join(dir, 'clinics', `${clinic.id}.yaml`), stringify(clinic.config));
  return { dir, file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fleet of `count` clinics on the simulators (pms seeded with a day each), on PostgreSQL at `url`. */
export function simulatorFleet(count: number, url: string, now = Date.now()): GeneratedFleet {
  const clinics = Array.from({ length: count }, (_, c) => {
    const zone = daytimeZone(c, now);
    return {
      id: `clinic-${String(c).padStart(4, '0')}`,
      config: { clinic: { name: `Clinic ${c}`, timeZone: zone }, pms: { use: 'pms-simulator', options: { seed: simulatedDay(c, zone, now) } } },
    };
  });
  return writeFleet(
    {
      clinic: { region: 'AU', locale: 'en-AU' },
      pms: { use: 'pms-simulator' },
      sms: { use: 'sms-simulator', options: { print: false } },
      inbox: { use: 'inbox-simulator' },
      video: { use: 'none' },
      workflow: BENCH_WORKFLOW,
      store: { use: 'postgres', url },
      api: { port: 0 },
      logging: { level: 'info' },
      // One replica with the default lease settings, as a vendor would run it.
      fleet: { leaseSeconds: 15, checkSeconds: 2 },
    },
    clinics,
  );
}
