/**
 * One replica process of the fleet bench: starts the fleet file given in argv through the real
 * runtime (startFleet, PostgreSQL store), lets every clinic poll, and prints one JSON line with
 * its CPU time over a steady window, its RSS and the lateness of every today pass.
 * Usage: node fleet-size-child.js <fleet file> <steady cycles> [gated]
 * With `gated`, the steady window starts only once the parent sends SIGUSR2 (it runs other
 * measurements while this fleet starts, and must not overlap the window with them).
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import { checkFleetConfig } from '../../core/config/fleet-config.js';
import { findConfig } from '../../core/config/find.js';
import { startFleet } from '../../core/runtime/fleet/fleet-host.js';

const CYCLE_MS = 60_000;
const [file, cyclesArg, gate] = process.argv.slice(2);
let released = gate !== 'gated';
process.on('SIGUSR2', () => (released = true));
const cycles = Number(cyclesArg ?? 1);
const say = (line: string) => process.stderr.write(`${line}\n`);

/** Wall times (performance.now) of each clinic's loop start and of every `today pass done`. */
const loopsStartedAt = new Map<string, number>();
const passesDone = new Map<string, number[]>();
let warnings = 0;
/** Lease events of this replica (with one replica, any loss is the replica failing itself). */
let leasesGained = 0;
let leasesLost = 0;

/*
 * The fleet's logger: keeps the `today pass done` lines (with the clinic they are bound to) in
 * memory and passes warnings and errors on to stderr; info is dropped, as a vendor's log
 * shipper would cost the same in every size.
 */
function captureLogger(bindings: Record<string, unknown> = {}): Logger {
  const quiet = () => undefined;
  const loud = (level: string) => (fields: unknown, message?: string) => {
    warnings++;
    if (warnings <= 20)
      say(
        `${level} ${typeof bindings.clinic === 'string' ? bindings.clinic : ''} ${typeof fields === 'string' ? fields : (message ?? '')} ${typeof fields === 'object' ? JSON.stringify(fields) : ''}`,
      );
  };
  return {
    trace: quiet,
    info: (_fields: unknown, message?: string) => {
      if (message === 'lease gained; starting the clinic') leasesGained++;
      else if (message?.startsWith('fleet: lease lost')) leasesLost++;
    },
    debug: (fields: unknown, message?: string) => {
      if (message !== 'today pass done') return;
      const clinic = typeof bindings.clinic === 'string' ? bindings.clinic : '?';
      const list = passesDone.get(clinic) ?? [];
      list.push(performance.now());
      passesDone.set(clinic, list);
    },
    warn: loud('WARN'),
    error: loud('ERROR'),
    fatal: loud('FATAL'),
    child: (more) => captureLogger({ ...bindings, ...more }),
  };
}

// For profiling (node --cpu-prof writes its file on exit): stop after this long.
if (process.env.BENCH_EXIT_AFTER_MS) setTimeout(() => process.exit(3), Number(process.env.BENCH_EXIT_AFTER_MS)).unref();

const found = await findConfig({ configPath: file });
const fleetConfig = checkFleetConfig(found);
const t0 = performance.now();
let runnerStates: () => Map<string, number> = () => new Map();
const ticker = setInterval(() => {
  const passCount = [...passesDone.values()].reduce((sum, list) => sum + list.length, 0);
  const states = [...runnerStates()].map(([state, n]) => `${n} ${state}`).join(', ') || 'starting';
  say(
    `${Math.round((performance.now() - t0) / 1000)} s: ${states}; ${passCount} passes; leases gained ${leasesGained}, lost ${leasesLost}; ${warnings} warnings; RSS ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`,
  );
}, 10_000);
const fleet = await startFleet(fleetConfig, {
  logger: captureLogger(),
  apiPort: 0,
  watch: false,
  onClinicState: (clinic, state) => {
    if (state === 'running' && !loopsStartedAt.has(clinic)) loopsStartedAt.set(clinic, performance.now());
  },
});
const clinics = fleet.clinics.runners.size;
runnerStates = () => {
  const states = new Map<string, number>();
  for (const runner of fleet.clinics.runners.values()) states.set(runner.state, (states.get(runner.state) ?? 0) + 1);
  return states;
};
const passes = (clinic: string) => passesDone.get(clinic)?.length ?? 0;
const everyClinicHas = (n: number) => [...fleet.clinics.runners.keys()].every((id) => passes(id) >= n);
const wait = async (check: () => boolean) => {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 100));
};

await wait(() => loopsStartedAt.size === clinics);
const startedMs = performance.now() - t0;
say(`${clinics} clinics running after ${Math.round(startedMs)} ms`);
await wait(() => everyClinicHas(1));
const firstPassesMs = performance.now() - t0;
say(`every clinic has done its first today pass after ${Math.round(firstPassesMs)} ms`);
if (!released) say('waiting for the go-ahead to start the steady window');
await wait(() => released);
say(`steady window of ${cycles} cycle(s) starts`);

// Steady window: whole poll cycles of wall time, after every clinic's first (texting) pass.
const cpuBefore = process.cpuUsage();
const windowStart = performance.now();
await new Promise((resolve) => setTimeout(resolve, cycles * CYCLE_MS));
const cpu = process.cpuUsage(cpuBefore);
const windowMs = performance.now() - windowStart;
await wait(() => everyClinicHas(2));
const memory = process.memoryUsage();

/*
 * Lateness of a pass: when it finished minus when it was due. The today loop is a setTimeout
 * chain (the next pass is due pollSeconds after the previous one ended), so the first pass is
 * due when the clinic's loops start and pass k is due 60 s after pass k-1 finished: lateness
 * is the pass's own run time plus the timer's delay, both of which grow when the process is
 * overloaded.
 */
const lags: number[] = [];
/** The same for passes after each clinic's first (the first sends the morning's texts). */
const steadyLags: number[] = [];
for (const [clinic, done] of passesDone) {
  done.forEach((at, k) => lags.push(k === 0 ? at - loopsStartedAt.get(clinic)! : at - done[k - 1]! - CYCLE_MS));
  done.slice(1).forEach((at, k) => steadyLags.push(at - done[k]! - CYCLE_MS));
}
const cpuMs = (cpu.user + cpu.system) / 1000;
const observedCycles = windowMs / CYCLE_MS;
clearInterval(ticker);
await fleet.stop();
console.log(
  JSON.stringify({
    clinics,
    startedMs: Math.round(startedMs),
    firstPassesMs: Math.round(firstPassesMs),
    windowMs: Math.round(windowMs),
    cpuMs: Math.round(cpuMs),
    cpuPerClinicMs: cpuMs / clinics / observedCycles,
    rssMb: memory.rss / 2 ** 20,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    lags,
    steadyLags,
    passes: lags.length,
    warnings,
    leasesGained,
    leasesLost,
  }),
);
process.exit(0);
