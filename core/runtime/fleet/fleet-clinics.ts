import type { FastifyInstance } from 'fastify';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { FleetClinicView } from '../../api/fleet-view.js';
import { clinicSourcesOf, loadClinic, type FleetConfig } from '../../config/fleet-config.js';
import type { ClinicSource } from '../../config/clinic-sources.js';
import { ClinicRunner, type ClinicRunnerDeps } from './clinic-runner.js';

/** Clinics started at once: a fleet of hundreds comes up quickly without every PMS polled in the same second. */
const START_CONCURRENCY = 8;

/**
 * Which clinics this process has and their runners, kept equal to what the fleet config names:
 * `reconcile` starts new clinics, restarts changed ones and stops removed ones, leaving the
 * others untouched. Which clinics it may *work* (replicas) is asked through `mayWork`.
 */
export class FleetClinics {
  readonly runners = new Map<string, ClinicRunner>();
  private reconciling: Promise<void> = Promise.resolve();
  private readonly starts = new Limiter(START_CONCURRENCY);

  constructor(
    private readonly fleet: FleetConfig,
    private readonly deps: ClinicRunnerDeps,
    private readonly logger: Logger,
    /** Whether this process works the clinic now (always, without replicas). */
    private readonly mayWork: (clinicId: string) => boolean = () => true,
  ) {}

  /** Brings the runners in line with the config's clinics now. Calls never overlap. */
  reconcile(): Promise<void> {
    const next = this.reconciling.then(() => this.reconcileNow());
    this.reconciling = next.catch((error: unknown) => this.logger.error({ err: String(error) }, 'clinic list could not be read'));
    return next;
  }

  /** Starts a clinic this process has just been given (a lease gained); a few at a time. */
  async work(clinicId: string): Promise<void> {
    await this.starts.run(async () => {
      const runner = this.runners.get(clinicId);
      // Still ours? The lease may have gone while this start waited its turn.
      if (runner && runner.state !== 'running' && this.mayWork(clinicId)) await runner.start();
    });
  }

  /** Stops working a clinic (its lease is going or gone); it stays listed, in standby. */
  async release(clinicId: string): Promise<void> {
    await this.runners.get(clinicId)?.stop('standby');
  }

  async list(): Promise<FleetClinicView[]> {
    const views = await Promise.all([...this.runners.values()].map((runner) => runner.view()));
    return views.sort((a, b) => a.id.localeCompare(b.id));
  }

  clinicApp(clinicId: string): Promise<FastifyInstance | undefined> {
    return Promise.resolve(this.runners.get(clinicId)?.apiApp());
  }

  async stopAll(): Promise<void> {
    await this.reconciling;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop()));
  }

  private async reconcileNow(): Promise<void> {
    const sources = clinicSourcesOf(this.fleet);
    const wanted = new Map(sources.map((source) => [source.id, source]));
    const removed = [...this.runners.keys()].filter((id) => !wanted.has(id));
    await Promise.all(
      removed.map(async (id) => {
        this.logger.info({ clinic: id }, 'clinic removed from the config; stopping it');
        await this.runners.get(id)!.stop();
        this.runners.delete(id);
      }),
    );
    const changed = sources.filter((source) => this.runners.get(source.id)?.clinic.fingerprint !== source.fingerprint);
    await inBatches(changed, START_CONCURRENCY, (source) => this.startOrRestart(source));
  }

  private async startOrRestart(source: ClinicSource): Promise<void> {
    const clinic = await loadClinic(this.fleet, source);
    const existing = this.runners.get(source.id);
    if (existing) this.logger.info({ clinic: source.id }, 'clinic config changed; restarting that clinic alone');
    const runner = existing ?? new ClinicRunner(clinic, this.deps);
    this.runners.set(source.id, runner);
    if (this.mayWork(source.id) || !clinic.loaded) await runner.start(clinic);
    else {
      runner.clinic = clinic;
      await runner.stop('standby');
    }
  }
}

async function inBatches<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/** Runs at most `size` tasks at once, the others in order as places free up. */
class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run(task: () => Promise<void>): Promise<void> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      await task();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
