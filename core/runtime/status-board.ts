import type { HealthReport, PluginRole } from '../plugin/define-plugin.js';
import type { ExecutionSink } from '../executor/execution-sink.js';

/** Run counters of one loop, as the status page shows them. */
export interface LoopStats {
  lastRunAt?: string;
  lastDurationMs?: number;
  lastError?: string;
  runs: number;
  errors: number;
}

/** One loop run in progress. */
export interface LoopRun {
  name: string;
  at: number;
  startedMs: number;
}

/** Keep this many recent errors for the status page. */
const RECENT_ERRORS = 50;

/**
 * What the host has seen while running, kept in memory for the status page: loop runs,
 * recent errors, plugins marked down. Log-safe strings only. Counts that must survive a
 * restart (unknown sends) come from the store instead.
 */
export class StatusBoard implements ExecutionSink {
  readonly loops: Record<string, LoopStats> = {};
  readonly recentErrors: Array<{ at: string; where: string; error: string }> = [];
  /** Skipped appointments from the last PMS poll, by reason. */
  skippedAppointments: Record<string, number> = {};
  private readonly down = new Map<PluginRole, string>();
  private readonly notes = new Map<PluginRole, string[]>();

  /** @param changed hears every change the status page would show (plugin health, errors, loop failures). */
  constructor(private readonly now: () => number, private readonly changed: () => void = () => {}) {}

  /** Newest first; the same error from the same place again moves to the top instead of repeating. */
  recordError(where: string, error: string): void {
    const previous = this.recentErrors.findIndex((e) => e.where === where && e.error === error);
    if (previous !== -1) this.recentErrors.splice(previous, 1);
    this.recentErrors.unshift({ at: new Date(this.now()).toISOString(), where, error });
    this.recentErrors.length = Math.min(this.recentErrors.length, RECENT_ERRORS);
    this.changed();
  }

  markPluginDown(role: PluginRole, detail: string): void {
    if (this.down.get(role) === detail) return;
    this.down.set(role, detail);
    this.changed();
  }

  /** Called after every successful call of some plugins: only a real recovery is a change. */
  markPluginRecovered(role: PluginRole): void {
    if (this.down.delete(role)) this.changed();
  }

  /** A host-side note shown next to the plugin (e.g. "start failed, retrying"). `undefined` clears. */
  setPluginNote(role: PluginRole, note: string | undefined): void {
    if (this.notes.get(role)?.[0] === note) return;
    if (note === undefined) this.notes.delete(role);
    else this.notes.set(role, [note]);
    this.changed();
  }

  pluginNotes(role: PluginRole): string[] | undefined {
    return this.notes.get(role);
  }

  /** The plugin's own report, overridden when the host saw it fail in a way it cannot see. */
  effectiveHealth(role: PluginRole, reported: HealthReport): HealthReport {
    const detail = this.down.get(role);
    return detail === undefined ? reported : { ...reported, status: 'down', detail };
  }

  /** Call when a loop run begins; hand the result to {@link loopFinished}. */
  loopStarted(name: string): LoopRun {
    this.loops[name] ??= { runs: 0, errors: 0 };
    // Wall time for the duration: the host clock may be a test clock that stands still.
    return { name, at: this.now(), startedMs: performance.now() };
  }

  loopFinished(run: LoopRun, error?: string): void {
    const stats = (this.loops[run.name] ??= { runs: 0, errors: 0 });
    stats.runs += 1;
    stats.lastRunAt = new Date(run.at).toISOString();
    stats.lastDurationMs = Math.round(performance.now() - run.startedMs);
    if (error === undefined) {
      // A loop that works again clears its error on the status page.
      if (stats.lastError !== undefined) this.changed();
      delete stats.lastError;
    } else {
      stats.errors += 1;
      stats.lastError = error;
      this.recordError(`loop ${run.name}`, error);
    }
  }
}
