/**
 * pms-fhir-r4 poll cost against the local FHIR R4 test server (medplum, in memory):
 * requests per poll for a day of 500 appointments (1 search + its pages), and poll time.
 * Run: npx tsx bench/fhir-poll.bench.ts
 */
import { ManualClock, TEST_CLINIC, createSilentLogger, resolvePluginOptions } from '@clinic-arrivals/plugin-kit/testing';
import plugin, { createFhirPmsInstance } from '../plugins/pms-fhir-r4/index.js';
import { startFhirTestServer } from '../test/fhir/fhir-test-server.js';
import { phoneNumbersIn } from '../core/phone/normalise.js';

const APPOINTMENTS = 500;
const POLLS = 10;
const DAY = { from: Date.parse('2026-11-23T00:00:00+11:00'), to: Date.parse('2026-11-24T00:00:00+11:00') };

const server = await startFhirTestServer();
for (let i = 0; i < 8; i++) {
  await server.create({ resourceType: 'Practitioner', id: `pr${i}`, name: [{ prefix: ['Dr'], given: [`Doc${i}`], family: 'Bench' }] } as never);
}
for (let i = 0; i < 400; i++) {
  await server.create({
    resourceType: 'Patient',
    id: `pt${i}`,
    name: [{ given: [`Pat${i}`], family: 'Bench' }],
    telecom: [{ system: 'phone', use: 'mobile', value: `04${String(10_000_000 + i).slice(-8)}` }],
  } as never);
}
for (let i = 0; i < APPOINTMENTS; i++) {
  // Spread over the clinic's opening hours, 07:00–21:00 local.
  const start = new Date(DAY.from + 7 * 3_600_000 + Math.floor((i * 14 * 3_600_000) / APPOINTMENTS)).toISOString();
  await server.create({
    resourceType: 'Appointment',
    status: i % 20 === 0 ? 'cancelled' : 'booked',
    start,
    participant: [
      { actor: { reference: `Patient/pt${i % 400}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/pr${i % 8}` }, status: 'accepted' },
    ],
  } as never);
}

// Full reads every poll: this bench measures one read of a busy day (fhir-clinic-day compares change queries).
const options = resolvePluginOptions(plugin, { baseUrl: server.baseUrl, incremental: false });
const instance = createFhirPmsInstance(options, {
  logger: createSilentLogger(),
  clock: new ManualClock(DAY.from),
  clinic: { ...TEST_CLINIC },
  phone: phoneNumbersIn(TEST_CLINIC.region),
  configDir: process.cwd(),
});
await instance.start!();

const times: number[] = [];
let requests = 0;
let found = 0;
for (let i = 0; i < POLLS; i++) {
  const before = instance.service.connection.requestCount;
  const t0 = performance.now();
  const listing = await instance.service.listAppointments(DAY);
  times.push(performance.now() - t0);
  requests = instance.service.connection.requestCount - before;
  found = listing.appointments.length;
}
await server.close();

times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
console.log(`pms-fhir-r4 poll, ${APPOINTMENTS} appointments in the day, _count=${options.pageSize}, _include=Appointment:actor`);
console.log(`  appointments returned:  ${found}`);
console.log(`  requests per poll:      ${requests} (1 search + ${requests - 1} next pages, 0 reference reads)`);
console.log(
  `  poll time (ms):         fastest ${Math.round(times[0]!)}, median ${Math.round(median)}, slowest ${Math.round(times[times.length - 1]!)} over ${POLLS} polls`,
);
console.log('  (the in-memory test server scans every appointment per page; most of the time is server-side)');
