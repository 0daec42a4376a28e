/**
 * One clinic-day against the PMS, two ways side by side on one FHIR R4 test server: re-reading
 * the whole day every poll, and pms-fhir-r4's change queries (`_lastUpdated`, 60 s overlap) with
 * a full read every 15 minutes. Two clinics share the server (filtered by Location); ours has 50
 * appointments, polled every 60 s from 07:30 to 18:30, while reception and patients change
 * things through the day. The server's clock is the simulated one (writes are stamped with it,
 * the Date header gives it), so the overlap covers 60 simulated seconds.
 * Counts requests and response body bytes per clinic-day, start-up (`/metadata`) excluded.
 * Last line: one JSON object. Run: npm run bench:fhir
 */
import { ManualClock, TEST_CLINIC, createSilentLogger, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin, { createFhirPmsInstance } from '../plugins/pms-fhir-r4/index.js';
import { startFhirTestServer, type FhirTestServer } from '../test/fhir/fhir-test-server.js';
import { phoneNumbersIn } from '../core/phone/normalise.js';

const MINUTE = 60_000;
const DAY = { from: Date.parse('2026-11-23T00:00:00+11:00'), to: Date.parse('2026-11-24T00:00:00+11:00') };
const OPEN = DAY.from + 7.5 * 60 * MINUTE;
const CLOSE = DAY.from + 18.5 * 60 * MINUTE;
const APPOINTMENTS = 50;
const PATIENTS = 60;
const CLINICS = ['north', 'south'] as const;

let simulatedNow = OPEN - 12 * 60 * MINUTE;
const server = await startFhirTestServer({ now: () => simulatedNow });

type Json = Record<string, unknown> & { resourceType: string; id: string };
/** A write as the PMS makes it, stamped with the simulated time. */
async function write(resource: Json): Promise<void> {
  const response = await fetch(`${server.baseUrl}/${resource.resourceType}/${resource.id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/fhir+json', 'x-bench': 'pms' },
    body: JSON.stringify(resource),
  });
  if (!response.ok) throw new Error(`write ${resource.resourceType}/${resource.id}: ${response.status}`);
  server.stampLastUpdated(`${resource.resourceType}/${resource.id}`, simulatedNow);
}

const at = (minutesFromMidnight: number) => new Date(DAY.from + minutesFromMidnight * MINUTE).toISOString().replace('.000Z', 'Z');
function appointment(clinic: string, i: number, start: string, status = 'booked'): Json {
  return {
    resourceType: 'Appointment',
    id: `${clinic}-${i}`,
    status,
    start,
    end: new Date(Date.parse(start) + 15 * MINUTE).toISOString().replace('.000Z', 'Z'),
    minutesDuration: 15,
    serviceType: [{ coding: [{ system: 'http://snomed.info/sct', code: '394814009', display: 'General practice' }] }],
    appointmentType: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0276', code: 'ROUTINE' }] },
    created: '2026-11-10T09:12:00+11:00',
    participant: [
      { actor: { reference: `Patient/${clinic}-pt${i % PATIENTS}`, display: `Patient ${i % PATIENTS}` }, required: 'required', status: 'accepted' },
      { actor: { reference: `Practitioner/${clinic}-pr${i % 4}`, display: `Dr ${clinic} ${i % 4}` }, required: 'required', status: 'accepted' },
      { actor: { reference: `Location/loc-${clinic}` }, status: 'accepted' },
    ],
  };
}
const slot = (i: number) => at(8 * 60 + i * 12); // 08:00 to 17:48, every 12 minutes

async function seed(): Promise<void> {
  for (const clinic of CLINICS) {
    await write({ resourceType: 'Location', id: `loc-${clinic}`, name: `${clinic} clinic` });
    for (let p = 0; p < 4; p++) {
      await write({ resourceType: 'Practitioner', id: `${clinic}-pr${p}`, name: [{ prefix: ['Dr'], given: [`Doc${p}`], family: clinic }] });
    }
    for (let i = 0; i < PATIENTS; i++) {
      await write({
        resourceType: 'Patient',
        id: `${clinic}-pt${i}`,
        identifier: [{ system: 'http://ns.electronichealth.net.au/id/medicare-number', value: `29501234${String(i).padStart(2, '0')}` }],
        name: [{ use: 'official', family: `Family${i}`, given: [`Given${i}`] }],
        telecom: [
          { system: 'phone', use: 'mobile', value: `04${String(12_000_000 + i).padStart(8, '0')}` },
          { system: 'email', value: `patient${i}@example.org` },
        ],
        gender: i % 2 ? 'female' : 'male',
        birthDate: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        address: [{ line: [`${i} Example St`], city: 'Melbourne', state: 'VIC', postalCode: '3000', country: 'AU' }],
      });
    }
    for (let i = 0; i < APPOINTMENTS; i++) await write(appointment(clinic, i, slot(i)));
  }
}

/** The day's changes at each clinic, by minute: arrivals, consults done, cancellations, new and moved bookings, bookings for later days. */
function changesAt(minute: number): Json[] {
  const out: Json[] = [];
  for (const clinic of CLINICS) {
    for (let i = 0; i < APPOINTMENTS; i++) {
      const start = 8 * 60 + i * 12;
      if (i % 10 === 3) {
        if (minute === start - 120) out.push(appointment(clinic, i, slot(i), 'cancelled'));
        continue;
      }
      if (i % 17 === 5 && minute === start - 90) out.push(appointment(clinic, i, at(start + 24 * 60))); // moved to tomorrow
      if (i % 17 === 5) continue;
      if (minute === start - 5) out.push(appointment(clinic, i, slot(i), 'arrived'));
      if (minute === start + 15) out.push(appointment(clinic, i, slot(i), 'fulfilled'));
    }
    // Same-day bookings (5) and bookings for the coming weeks (30), spread over the day.
    if (minute % 120 === 0) out.push(appointment(clinic, 100 + minute, at(minute + 60)));
    if (minute % 20 === 7) out.push({ ...appointment(clinic, 200 + minute, at(minute + 7 * 24 * 60)), id: `${clinic}-later-${minute}` });
  }
  return out;
}

function makeClinic(mode: 'full' | 'incremental', clock: ManualClock) {
  const options = resolvePluginOptions(plugin, {
    baseUrl: server.baseUrl,
    filters: { location: ['loc-north'] },
    incremental: mode === 'incremental',
    headers: { 'x-bench': mode },
  });
  return createFhirPmsInstance(options, {
    logger: createSilentLogger(),
    clock,
    clinic: { ...TEST_CLINIC },
    phone: phoneNumbersIn(TEST_CLINIC.region),
    configDir: process.cwd(),
  });
}

function tally(s: FhirTestServer, mode: string, since: number) {
  const mine = s.requests.slice(since).filter((r) => r.headers['x-bench'] === mode);
  return { requests: mine.length, bytes: mine.reduce((sum, r) => sum + (r.responseBytes ?? 0), 0) };
}

await seed();
simulatedNow = OPEN;
const clocks = { full: new ManualClock(OPEN), incremental: new ManualClock(OPEN) };
const full = makeClinic('full', clocks.full);
const incremental = makeClinic('incremental', clocks.incremental);
await full.start!();
await incremental.start!();
const startIndex = server.requests.length;

let polls = 0;
let ourChanges = 0;
let mismatches = 0;
const t0 = performance.now();
for (let minute = 7.5 * 60; simulatedNow < CLOSE; minute++) {
  for (const change of changesAt(minute)) {
    if (change.id.startsWith('north-')) ourChanges++;
    await write(change);
  }
  simulatedNow += 1_000;
  const a = await full.service.listAppointments(DAY);
  const b = await incremental.service.listAppointments(DAY);
  const key = (l: typeof a) => JSON.stringify(l.appointments.map((x) => [x.id, x.status, x.start]).sort());
  if (key(a) !== key(b)) mismatches++;
  polls++;
  simulatedNow += MINUTE - 1_000;
  clocks.full.set(simulatedNow);
  clocks.incremental.set(simulatedNow);
}
const elapsed = performance.now() - t0;
await server.close();

const f = tally(server, 'full', startIndex);
const i = tally(server, 'incremental', startIndex);
console.log(`pms-fhir-r4, one clinic-day: ${APPOINTMENTS} appointments, ${polls} polls every 60 s (07:30–18:30), a second clinic on the same server`);
console.log(
  `  changes written for this clinic through the day: ${ourChanges} (arrivals, consults done, cancellations, moves, new bookings for today and later days)`,
);
console.log(`  full read every poll:  ${f.requests} requests, ${(f.bytes / 1e6).toFixed(2)} MB`);
console.log(
  `  incremental (full every 15 min): ${i.requests} requests, ${(i.bytes / 1e6).toFixed(2)} MB (${((100 * i.bytes) / f.bytes).toFixed(1)} % of the bytes)`,
);
console.log(`  listings that differed between the two: ${mismatches}; run time ${Math.round(elapsed)} ms`);
console.log(
  JSON.stringify({
    appointments: APPOINTMENTS,
    polls,
    changes: ourChanges,
    fullRequests: f.requests,
    incrementalRequests: i.requests,
    fullBytes: f.bytes,
    incrementalBytes: i.bytes,
    bytesRatio: Math.round((1000 * i.bytes) / f.bytes) / 1000,
    mismatches,
  }),
);
