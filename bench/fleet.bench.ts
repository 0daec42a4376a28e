/**
 * Vendor mode at scale: what one replica process costs per clinic, and what a replica's death
 * costs the patients.
 *
 * 1. Sizes. One replica process per size (10, 100, 1,000 clinics), each in its own child so its
 *    RSS is that fleet's alone, started through the real runtime (startFleet on a generated
 *    fleet file + clinics/ folder) with the store a vendor runs: PostgreSQL (127.0.0.1:5432,
 *    database `test`, a fresh schema per run, default pool). Every clinic is on the simulators
 *    (pms-simulator seeded with 50 appointments, one every 7 minutes from an hour ago to almost
 *    five hours ahead, so about 35 screening texts go out at the first pass and one more comes
 *    due every 7 minutes; sms-simulator, inbox-simulator, video none), in one of seven fixed-
 *    offset time zones chosen so each clinic is in its working day, polled every 60 s
 *    (`workflow.pollSeconds: 60`; upcoming every 60 s as by default). The replica runs the
 *    default lease settings (leaseSeconds 15, checkSeconds 2); leasesLost counts any lease it
 *    lost to itself while starting (the keeper takes at most 200 a tick on its own connections).
 *    - cpuPerClinicMs: process.cpuUsage() over a steady window that starts once every clinic
 *      has done its first (texting) pass, lasting 1 poll cycle (10 and 100 clinics) or 2 (1,000),
 *      ÷ clinics ÷ cycles. Everything the process does in that window counts (today and upcoming
 *      passes, inbox, lease renewals).
 *    - rssMb: process RSS at the end of the window, once every clinic has done ≥ 2 passes.
 *    - lagP95Ms: p95 over every today pass of how late it finished relative to when it was due.
 *      The today loop is a setTimeout chain: the first pass is due when the clinic's loops
 *      start, pass k is due 60 s after pass k−1 finished, so lateness = the pass's own run time
 *      + the timer's delay. Pass ends are taken from the `today pass done` debug lines (the
 *      fleet's logger keeps them in memory; info lines are dropped, warnings go to stderr).
 *      steadyLagP95Ms: the same over passes after each clinic's first (texting) pass.
 *    Order, to fit the time: the 1,000-clinic process starts first and takes minutes to come
 *    up; the 10- and 100-clinic sizes, the one-clinic host and the failover part run while it
 *    does (so its start-up time and first-pass lag are measured under that contention), and
 *    its steady window begins only once they have all stopped. CPU time is each process's own.
 * 2. oneClinicRssMb: RSS of the normal single-clinic host (startHost, SQLite, same simulators
 *    and day) after two passes, run beside the 10-clinic size; ratio = 1,000-clinic fleet RSS
 *    per clinic ÷ one-clinic process RSS.
 * 3. Failover: 3 replica processes of the compiled CLI (`start --config <fleet file>`, fleet
 *    `replicaId: ${REPLICA_ID}`, leaseSeconds 5, checkSeconds 0.5, pollSeconds 10 as by
 *    default so the handover's texts settle within the run) with 100 clinics on
 *    PostgreSQL; the PMS is the FHIR R4 test server in this process (pms-fhir-r4 filtered per
 *    clinic by Location, 4 appointments per clinic) and texts go through sms-twilio to the
 *    Twilio stand-in here. Once every clinic runs on exactly one replica (from the replicas'
 *    `lease gained` / `lease released|lost` log lines, stable for 3 s, each clinic with a pass
 *    done), two more appointments per clinic come due and 2 s later one replica is killed with
 *    SIGKILL. failoverP95Ms: per clinic of the dead replica, kill → its first `today pass done`
 *    on another replica. duplicates: texts the stand-in got more than once for the same clinic
 *    number and patient (one step per patient here); lost: due screening texts never received
 *    after the handover (waited for up to 75 s, several poll cycles).
 * Progress on stderr; last line one JSON object. Run: npm run bench:fleet
 */
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileSync } from 'node:fs';
import { cleanUp, freshSchema, onCleanup, percentile, progress, round, runForJson } from './fleet/bench-support.js';
import { runFailover } from './fleet/failover.js';
import { BENCH_WORKFLOW, daytimeZone, simulatedDay, simulatorFleet, writeFleet } from './fleet/fleet-files.js';

interface SizeReport {
  clinics: number;
  startedMs: number;
  firstPassesMs: number;
  windowMs: number;
  cpuMs: number;
  cpuPerClinicMs: number;
  rssMb: number;
  heapUsedMb: number;
  lags: number[];
  steadyLags: number[];
  passes: number;
  warnings: number;
  leasesLost: number;
}

const here = import.meta.dirname;
const node = (script: string) => ['--enable-source-maps', join(here, 'fleet', script)];
const began = Date.now();

/**
 * Starts one size's replica process; the result comes once its steady window is over. With
 * `gated`, that window waits for {@link SizeRun.release}.
 */
async function startSize(clinics: number, cycles: number, gated = false) {
  const db = await freshSchema(`size${clinics}`);
  const files = simulatorFleet(clinics, db.url);
  onCleanup(async () => files.remove());
  onCleanup(() => db.drop());
  progress(`${clinics} clinics: starting one replica process`);
  let child: ChildProcess | undefined;
  const report = runForJson<SizeReport>([...node('fleet-size-child.js'), files.file, String(cycles), ...(gated ? ['gated'] : [])], {
    label: `fleet-${clinics}`,
    timeoutMs: 15 * 60_000,
    started: (started) => (child = started),
  });
  report.catch(() => undefined); // awaited by the caller; a failure elsewhere must not leave it unhandled
  return {
    release: () => child?.kill('SIGUSR2'),
    result: async () => {
      try {
        return summarise(await report);
      } finally {
        files.remove();
        await db.drop();
      }
    },
  };
}

function summarise(report: SizeReport) {
  const { clinics } = report;
  const lagP95Ms = percentile(report.lags, 95);
  progress(
    `${clinics} clinics: up in ${report.startedMs} ms, CPU ${report.cpuPerClinicMs.toFixed(2)} ms/clinic/cycle, RSS ${report.rssMb.toFixed(0)} MB, lag p95 ${Math.round(lagP95Ms)} ms over ${report.passes} passes`,
  );
  return {
    clinics,
    startedMs: report.startedMs,
    firstPassesMs: report.firstPassesMs,
    steadyCycles: round(report.windowMs / 60_000, 2),
    cpuPerClinicMs: round(report.cpuPerClinicMs, 2),
    rssMb: round(report.rssMb),
    rssPerClinicMb: round(report.rssMb / clinics, 3),
    heapUsedMb: round(report.heapUsedMb),
    lagP50Ms: Math.round(percentile(report.lags, 50)),
    lagP95Ms: Math.round(lagP95Ms),
    lagMaxMs: Math.round(Math.max(...report.lags)),
    // Passes after each clinic's first (texting) one.
    steadyLagP95Ms: Math.round(percentile(report.steadyLags, 95)),
    steadyPasses: report.steadyLags.length,
    passes: report.passes,
    warnings: report.warnings,
    leasesLost: report.leasesLost,
  };
}

/** The single-clinic host on the same simulators and day, SQLite store. */
async function runOneClinic(): Promise<{ rssMb: number }> {
  const zone = daytimeZone(0);
  const files = writeFleet({}, []);
  onCleanup(async () => files.remove());
  const file = join(files.dir, 'one-clinic.config.yaml');
  writeFileSync(
    file,
    stringify({
      clinic: { name: 'One Clinic', timeZone: zone, region: 'AU', locale: 'en-AU' },
      pms: { use: 'pms-simulator', options: { seed: simulatedDay(0, zone) } },
      sms: { use: 'sms-simulator', options: { print: false } },
      inbox: { use: 'inbox-simulator' },
      video: { use: 'none' },
      workflow: BENCH_WORKFLOW,
      store: { path: './one-clinic.sqlite' },
      api: { port: 0 },
      logging: { level: 'info' },
    }),
  );
  return runForJson<{ rssMb: number }>([...node('one-clinic-child.js'), file], { label: 'one-clinic', timeoutMs: 3 * 60_000 });
}

try {
  // 1,000 clinics take minutes to start: that start overlaps the smaller sizes and the failover
  // run (its first passes are contended), but its steady window waits until they are done.
  const big = await startSize(1000, 2, true);
  const oneClinic = runOneClinic();
  oneClinic.catch(() => undefined); // awaited below; a failure elsewhere must not leave it unhandled
  const bySize = [];
  for (const clinics of [10, 100]) bySize.push(await (await startSize(clinics, 1)).result());
  const one = await oneClinic;
  progress(`one-clinic host: RSS ${one.rssMb.toFixed(0)} MB`);
  progress('failover: 3 replicas, 100 clinics');
  const failover = await runFailover();
  progress(
    `failover: p95 ${failover.failoverP95Ms} ms for ${failover.victimClinics} clinics; ${failover.textsReceived} texts, ${failover.duplicates} duplicates, ${failover.lost} lost`,
  );
  progress('1000 clinics: steady window may start');
  big.release();
  bySize.push(await big.result());
  const thousand = bySize.at(-1)!;
  const result = {
    clinics: thousand.clinics,
    lagP95Ms: thousand.lagP95Ms,
    rssMb: thousand.rssMb,
    cpuPerClinicMs: thousand.cpuPerClinicMs,
    oneClinicRssMb: round(one.rssMb),
    fleetRssPerClinicMb: thousand.rssPerClinicMb,
    rssPerClinicRatio: round(thousand.rssPerClinicMb / one.rssMb, 4),
    failoverP95Ms: failover.failoverP95Ms,
    duplicates: failover.duplicates,
    lost: failover.lost,
    bySize: Object.fromEntries(bySize.map((size) => [size.clinics, size])),
    failover,
    store: 'postgres',
    runMs: Date.now() - began,
  };
  await cleanUp();
  console.log(JSON.stringify(result));
} catch (error) {
  progress(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanUp();
  process.exitCode = 1;
}
