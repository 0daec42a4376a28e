import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { putResource } from '../../test/fhir/fhir-seed.js';
import { startFhirTestServer } from '../../test/fhir/fhir-test-server.js';
import { startTwilioStandIn } from '../../test/stand-ins/twilio/index.js';
import { freshSchema, onCleanup, percentile, progress, startChild, until } from './bench-support.js';
import { BENCH_WORKFLOW, daytimeZone, localIso, writeFleet } from './fleet-files.js';

const MINUTE = 60_000;
const ACCOUNT_SID = `AC${'b3'.repeat(16)}`;
const AUTH_TOKEN = 'bench-auth-token';
export const FAILOVER_SETTINGS = { replicas: 3, clinics: 100, leaseSeconds: 5, checkSeconds: 0.5 };

const clinicId = (c: number) => `clinic-${String(c).padStart(3, '0')}`;
const clinicNumber = (c: number) => `+614800${String(c).padStart(5, '0')}`;
/** Patient i of clinic c: one mobile each (0491 570 range, kept for fiction), so a text's (from, to) names its appointment. */
const mobileOf = (i: number) => `0491 570 ${String(200 + i)}`;
const mobileE164 = (i: number) => `+61491570${String(200 + i)}`;

/**
 * An appointment at clinic c on the shared FHIR server, its Location naming the clinic;
 * `dueInMinutes` is when its screening text (180 minutes before the start) comes due.
 */
function appointment(c: number, i: number, dueInMinutes: number, now: number) {
  const zone = daytimeZone(c, now);
  const start = now + (180 + dueInMinutes) * MINUTE;
  return {
    resourceType: 'Appointment',
    id: `c${c}-a${i}`,
    status: 'booked',
    start: localIso(start, zone),
    end: localIso(start + 15 * MINUTE, zone),
    serviceType: [{ coding: [{ system: 'http://snomed.info/sct', code: '394814009' }] }],
    participant: [
      { actor: { reference: `Patient/c${c}-p${i}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/c${c}-dr` }, status: 'accepted' },
      { actor: { reference: `Location/loc-${c}` }, status: 'accepted' },
    ],
  };
}

interface ReplicaLine {
  msg?: string;
  clinic?: string;
  clinicId?: string;
  replica?: string;
  time?: string | number;
}

export interface FailoverResult {
  replicas: number;
  clinics: number;
  leaseSeconds: number;
  checkSeconds: number;
  settledMs: number;
  victimClinics: number;
  /** Per clinic of the killed replica: kill → first today pass done on another replica. */
  failoverP50Ms: number;
  failoverP95Ms: number;
  failoverMaxMs: number;
  /** Per clinic: kill → `lease gained` on another replica. */
  leaseGainP95Ms: number;
  expectedTexts: number;
  textsReceived: number;
  duplicates: number;
  lost: number;
}

/**
 * Three replica processes (the compiled CLI, `start --config`) share 100 clinics on PostgreSQL;
 * the PMS is the FHIR test server (pms-fhir-r4, one Location per clinic), texts go through
 * sms-twilio to the Twilio stand-in, both in this process so every replica's sends are seen.
 */
export async function runFailover(): Promise<FailoverResult> {
  const { clinics, replicas, leaseSeconds, checkSeconds } = FAILOVER_SETTINGS;
  const now = Date.now();
  const fhir = await startFhirTestServer();
  const closeFhir = onCleanup(() => fhir.close());
  const twilio = await startTwilioStandIn({ accounts: [{ sid: ACCOUNT_SID, authToken: AUTH_TOKEN }] });
  const closeTwilio = onCleanup(() => twilio.close());

  // Each clinic: two appointments whose screening is due now (texted by the first owner), two
  // more written just before the kill (due then: whoever owns the clinic next must text them).
  progress(`failover: seeding the FHIR server with ${clinics} clinics`);
  for (let c = 0; c < clinics; c++) {
    await putResource(fhir.baseUrl, { resourceType: 'Location', id: `loc-${c}`, name: `Clinic ${c}` });
    await putResource(fhir.baseUrl, { resourceType: 'Practitioner', id: `c${c}-dr`, name: [{ text: `Dr ${c}` }] });
    for (let i = 0; i < 4; i++) {
      await putResource(fhir.baseUrl, {
        resourceType: 'Patient',
        id: `c${c}-p${i}`,
        name: [{ use: 'official', family: `Family${i}`, given: [`Pat${i}`] }],
        telecom: [{ system: 'phone', use: 'mobile', value: mobileOf(i) }],
      });
    }
    for (const i of [0, 1]) await putResource(fhir.baseUrl, appointment(c, i, -20 * i - 5, now));
  }

  const db = await freshSchema('failover');
  const dropSchema = onCleanup(() => db.drop());
  const fleetFiles = writeFleet(
    {
      clinic: { region: 'AU', locale: 'en-AU' },
      sms: { use: 'sms-twilio', options: { accountSid: ACCOUNT_SID, authToken: '${TWILIO_AUTH_TOKEN}', from: '+61480000000', apiBaseUrl: twilio.url } },
      inbox: { use: 'inbox-simulator' },
      video: { use: 'none' },
      // The default poll (10 s), so a handover's texts settle within the run.
      workflow: { ...BENCH_WORKFLOW, pollSeconds: 10 },
      store: { use: 'postgres', url: db.url },
      api: { port: 0 },
      logging: { level: 'info' },
      fleet: { replicaId: '${REPLICA_ID}', leaseSeconds, checkSeconds },
    },
    Array.from({ length: clinics }, (_, c) => ({
      id: clinicId(c),
      config: {
        clinic: { name: `Clinic ${c}`, timeZone: daytimeZone(c, now) },
        pms: { use: 'pms-fhir-r4', options: { baseUrl: fhir.baseUrl, filters: { location: [`Location/loc-${c}`] } } },
        sms: { options: { from: clinicNumber(c) } },
      },
    })),
  );
  const removeFiles = onCleanup(async () => fleetFiles.remove());

  // Who holds what, from the replicas' own log lines.
  const holder = new Map<string, string>();
  const gainedAt = new Map<string, Array<{ replica: string; at: number }>>();
  const passAt = new Map<string, Array<{ replica: string; at: number }>>();
  let lastOwnershipChange = Date.now();
  const record = (map: Map<string, Array<{ replica: string; at: number }>>, clinic: string, replica: string, at: number) => {
    const list = map.get(clinic) ?? [];
    list.push({ replica, at });
    map.set(clinic, list);
  };
  const onLine = (line: string) => {
    if (!line.startsWith('{')) return;
    let entry: ReplicaLine;
    try {
      entry = JSON.parse(line) as ReplicaLine;
    } catch {
      return;
    }
    const at = typeof entry.time === 'string' ? Date.parse(entry.time) : (entry.time ?? Date.now());
    const replica = entry.replica ?? '?';
    if (entry.msg === 'lease gained; starting the clinic' && entry.clinic) {
      holder.set(entry.clinic, replica);
      record(gainedAt, entry.clinic, replica, at);
      lastOwnershipChange = Date.now();
    } else if (entry.msg?.startsWith('fleet: lease released') || entry.msg?.startsWith('fleet: lease lost')) {
      const clinic = entry.clinicId ?? entry.clinic;
      if (clinic && holder.get(clinic) === replica) holder.delete(clinic);
      lastOwnershipChange = Date.now();
    } else if (entry.msg === 'today pass done' && entry.clinic) {
      record(passAt, entry.clinic, replica, at);
    }
  };

  const main = join(import.meta.dirname, '..', '..', 'core', 'cli', 'main.js');
  const processes = new Map<string, ChildProcess>();
  for (let r = 1; r <= replicas; r++) {
    const id = `r${r}`;
    processes.set(
      id,
      startChild(['--enable-source-maps', main, 'start', '--config', fleetFiles.file], {
        label: id,
        env: { REPLICA_ID: id, TWILIO_AUTH_TOKEN: AUTH_TOKEN, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' },
        onLine,
      }),
    );
  }
  const stopReplicas = onCleanup(async () => {
    for (const child of processes.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const running = [...processes.values()].filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
  });

  // Settled: every clinic on exactly one replica, each replica with some, nothing moved for 3 s,
  // and every clinic has done a today pass on its holder (so the first texts went out).
  const started = Date.now();
  const ids = Array.from({ length: clinics }, (_, c) => clinicId(c));
  await until(
    'every clinic on exactly one replica',
    () => {
      if (ids.some((id) => !holder.has(id))) return undefined;
      const counts = new Set(holder.values());
      if (counts.size < replicas || Date.now() - lastOwnershipChange < 3_000) return undefined;
      return ids.every((id) => passAt.get(id)?.some((pass) => pass.replica === holder.get(id) && pass.at >= gainedAt.get(id)!.at(-1)!.at)) ? true : undefined;
    },
    120_000,
  );
  const settledMs = Date.now() - started;
  const share = [...processes.keys()].map((id) => `${id}: ${ids.filter((c) => holder.get(c) === id).length}`).join(', ');
  progress(`failover: settled after ${settledMs} ms (${share}); ${twilio.sent().length} texts so far`);

  // The PMS books two more per clinic (due now), then one replica dies without a word.
  for (let c = 0; c < clinics; c++) for (const i of [2, 3]) await putResource(fhir.baseUrl, appointment(c, i, -1, now));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const victim = 'r2';
  const victimClinics = ids.filter((id) => holder.get(id) === victim);
  const killedAt = Date.now();
  processes.get(victim)!.kill('SIGKILL');
  progress(`failover: killed ${victim} (kill -9), which held ${victimClinics.length} clinics`);

  const movedAt = (id: string, map: Map<string, Array<{ replica: string; at: number }>>) =>
    map.get(id)?.find((entry) => entry.replica !== victim && entry.at >= killedAt)?.at;
  await until('every clinic of the killed replica running elsewhere', () => (victimClinics.every((id) => movedAt(id, passAt)) ? true : undefined), 60_000);
  const failover = victimClinics.map((id) => movedAt(id, passAt)! - killedAt);
  const leaseGain = victimClinics.map((id) => (movedAt(id, gainedAt) ?? Number.NaN) - killedAt);
  progress(`failover: all ${victimClinics.length} clinics running elsewhere after ${Math.max(...failover)} ms`);

  // Every (clinic, patient) due should get exactly one screening text. Clinics that did not see
  // the late bookings yet poll within a minute; wait for that, or give up after 75 s.
  const expected = new Set(ids.flatMap((_, c) => [0, 1, 2, 3].map((i) => `${clinicNumber(c)}>${mobileE164(i)}`)));
  const received = () => {
    const counts = new Map<string, number>();
    for (const message of twilio.sent()) counts.set(`${message.from}>${message.to}`, (counts.get(`${message.from}>${message.to}`) ?? 0) + 1);
    return counts;
  };
  await until('every due text', () => ([...expected].every((key) => received().has(key)) ? true : undefined), 75_000).catch(() =>
    progress('failover: some due texts never arrived (counted as lost)'),
  );
  // A little longer, so a late second send would be counted too.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const counts = received();
  const textsReceived = twilio.sent().length;
  // Nothing of this part may run on during the next measurement.
  await stopReplicas();
  await Promise.all([closeFhir(), closeTwilio(), dropSchema(), removeFiles()]);
  const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
  const lost = [...expected].filter((key) => !counts.has(key)).length;
  return {
    replicas,
    clinics,
    leaseSeconds,
    checkSeconds,
    settledMs,
    victimClinics: victimClinics.length,
    failoverP50Ms: percentile(failover, 50),
    failoverP95Ms: percentile(failover, 95),
    failoverMaxMs: Math.max(...failover),
    leaseGainP95Ms: percentile(leaseGain, 95),
    expectedTexts: expected.size,
    textsReceived,
    duplicates,
    lost,
  };
}
