import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Store, StoreQueueCounts } from '../store/store.js';
import type { HealthStatus, PluginHealthFeed, PluginHealthState } from './plugin-health-feed.js';

/** How a stored text ended: the outbox result (`retry` = will be tried again). */
export type TextResult = 'sent' | 'failed' | 'retry' | 'unknown';

/**
 * What one incoming text came to when the inbox delivered it: `handled` by the workflow,
 * `unprocessed` (left for a person), `waiting` (its answer could not be sent yet; retried
 * later), `duplicate` (already had), `not-handled` (an error: left unacknowledged, delivered again).
 */
export type IncomingOutcome = 'handled' | 'unprocessed' | 'waiting' | 'duplicate' | 'not-handled';

/** Where the host's hooks count what happens (loops, inbox, outbox). */
export interface HostCounters {
  textFinished(template: string, result: TextResult): void;
  incomingFinished(outcome: IncomingOutcome): void;
  loopFinished(loop: string, seconds: number, ok: boolean): void;
  /** The engine could not decide for one appointment (scheduled pass, or a reply). */
  engineFailed(phase: 'scheduled' | 'incoming'): void;
}

export interface HostMetricsDeps {
  /** Counted at scrape time (queue depths, unknown sends, whether it answers). */
  store: Store;
  /** Stamps the loops' last success: the host's time, as the status page shows it. */
  clock: Clock;
  /** Plugin health, read at scrape time (or connected later: `useHealthFeed`); without one the plugin gauges have no series. */
  healthFeed?: PluginHealthFeed;
  /** Node's process metrics (memory, CPU, event loop). Off for each clinic of a fleet: the process reports them once. @default true */
  processMetrics?: boolean;
}

const STATUSES: HealthStatus[] = ['ok', 'degraded', 'down'];
/** Loop runs take milliseconds (a small PMS) to a minute (a slow FHIR server under retries). */
const LOOP_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Template and loop names are the host's own, but a label must never carry anything else. */
const SAFE_LABEL = /^[A-Za-z][A-Za-z0-9_.-]{0,39}$/;

function safeLabel(value: string): string {
  return SAFE_LABEL.test(value) ? value : 'other';
}

/**
 * The host's Prometheus metrics (`GET /metrics`), in a registry of its own so that several
 * hosts in one process (tests) never share counts. Counters are counted by hooks as things
 * happen; gauges of stored work and plugin health are read when scraped, so nothing goes
 * stale and nothing needs pushing. No label carries a number, name, body or appointment id.
 * The metric list and sample alerts are in README.md ("Monitoring").
 */
export class HostMetrics implements HostCounters {
  readonly registry = new Registry();
  private readonly texts: Counter<'template' | 'result'>;
  private readonly incoming: Counter<'outcome'>;
  private readonly loopDuration: Histogram<'loop' | 'result'>;
  private readonly loopLastSuccess: Gauge<'loop'>;
  private readonly engineFailures: Counter<'phase'>;
  /** One store read serves every gauge of a scrape (they are collected together). */
  private scrapeCounts?: Promise<StoreQueueCounts | undefined>;
  private healthFeed?: PluginHealthFeed;

  constructor(private readonly deps: HostMetricsDeps) {
    const registers = [this.registry];
    if (deps.processMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'clinic_arrivals_' });

    this.texts = new Counter({
      name: 'clinic_arrivals_texts_total',
      help: 'Texts whose provider call finished, by template and result (sent, failed, retry, unknown). A retried text counts once per attempt.',
      labelNames: ['template', 'result'],
      registers,
    });
    this.incoming = new Counter({
      name: 'clinic_arrivals_incoming_texts_total',
      help: 'Texts received from the inbox, by outcome (handled, unprocessed, waiting, duplicate, not-handled).',
      labelNames: ['outcome'],
      registers,
    });
    this.loopDuration = new Histogram({
      name: 'clinic_arrivals_loop_run_duration_seconds',
      help: 'How long each loop run took (today, upcoming, purge, unknown-sends), by result (ok, error).',
      labelNames: ['loop', 'result'],
      buckets: LOOP_BUCKETS,
      registers,
    });
    this.loopLastSuccess = new Gauge({
      name: 'clinic_arrivals_loop_last_success_timestamp_seconds',
      help: 'When each loop last finished a run without error (Unix time); time() minus this is how far behind it is.',
      labelNames: ['loop'],
      registers,
    });
    this.engineFailures = new Counter({
      name: 'clinic_arrivals_engine_failures_total',
      help: 'Appointments the engine could not decide for, by phase: scheduled (skipped that pass, tried again next) or incoming (left out of the reply it was deciding).',
      labelNames: ['phase'],
      registers,
    });
    this.storeGauges(registers);
    this.pluginGauges(registers);
    this.healthFeed = deps.healthFeed;
  }

  /** Connects plugin health when it is built after the metrics; until then the plugin gauges have no series. */
  useHealthFeed(feed: PluginHealthFeed): void {
    this.healthFeed = feed;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The metrics in the Prometheus text format (version 0.0.4). */
  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  textFinished(template: string, result: TextResult): void {
    this.texts.inc({ template: safeLabel(template), result });
  }

  incomingFinished(outcome: IncomingOutcome): void {
    this.incoming.inc({ outcome });
  }

  loopFinished(loop: string, seconds: number, ok: boolean): void {
    const name = safeLabel(loop);
    this.loopDuration.observe({ loop: name, result: ok ? 'ok' : 'error' }, seconds);
    if (ok) this.loopLastSuccess.set({ loop: name }, this.deps.clock.now() / 1000);
  }

  engineFailed(phase: 'scheduled' | 'incoming'): void {
    this.engineFailures.inc({ phase });
  }

  private storeGauges(registers: Registry[]): void {
    const counts = () => this.queueCounts();
    new Gauge({
      name: 'clinic_arrivals_store_up',
      help: '1 when the store answers a query, 0 when it cannot be used.',
      registers,
      collect: async function () {
        this.set((await counts()) ? 1 : 0);
      },
    });
    new Gauge({
      name: 'clinic_arrivals_unknown_sends',
      help: 'Sends whose outcome is unknown and that nobody has resolved yet (GET /api/messages/unknown).',
      registers,
      collect: async function () {
        const now = await counts();
        if (now) this.set(now.unknownOpen);
      },
    });
    new Gauge({
      name: 'clinic_arrivals_outbox_waiting_texts',
      help: 'Outbox texts not finished: status pending (provider call under way) or retry (waiting to be tried again).',
      labelNames: ['status'] as const,
      registers,
      collect: async function () {
        const now = await counts();
        if (!now) return;
        this.set({ status: 'pending' }, now.outboxPending);
        this.set({ status: 'retry' }, now.outboxRetry);
      },
    });
    new Gauge({
      name: 'clinic_arrivals_incoming_waiting_texts',
      help: 'Replies stored and not handled yet (their answer could not be sent so far).',
      registers,
      collect: async function () {
        const now = await counts();
        if (now) this.set(now.incomingPending);
      },
    });
  }

  /**
   * The store's counts for this scrape; undefined when the store cannot be used, and then the
   * store's gauges keep their last value (`clinic_arrivals_store_up` says so).
   */
  private queueCounts(): Promise<StoreQueueCounts | undefined> {
    return (this.scrapeCounts ??= (async () => {
      try {
        return await this.deps.store.countQueues();
      } catch {
        return undefined;
      } finally {
        // Cleared once settled: the next scrape reads the store again.
        setImmediate(() => {
          this.scrapeCounts = undefined;
        });
      }
    })());
  }

  private pluginGauges(registers: Registry[]): void {
    const each = (set: (state: PluginHealthState) => void) => {
      for (const state of this.healthFeed?.current() ?? []) set(state);
    };
    new Gauge({
      name: 'clinic_arrivals_plugin_health',
      help: 'Plugin health by role: 1 on the series of its current status (ok, degraded, down), 0 on the others.',
      labelNames: ['role', 'status'] as const,
      registers,
      collect() {
        this.reset();
        each((state) => {
          for (const status of STATUSES) this.set({ role: state.role, status }, state.status === status ? 1 : 0);
        });
      },
    });
    const windowGauge = (name: string, help: string, value: (state: PluginHealthState) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['role'] as const,
        registers,
        collect() {
          this.reset();
          each((state) => this.set({ role: state.role }, value(state)));
        },
      });
    windowGauge(
      'clinic_arrivals_plugin_window_calls',
      'Calls to each plugin (by role: pms requests, sms sends, …) in its recent health window.',
      (s) => s.calls,
    );
    windowGauge('clinic_arrivals_plugin_window_retried_calls', 'Calls in the recent health window that needed retries.', (s) => s.retried);
    windowGauge('clinic_arrivals_plugin_window_failed_calls', 'Calls in the recent health window that failed.', (s) => s.failed);
  }
}
