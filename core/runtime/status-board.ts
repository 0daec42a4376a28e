import { CODES, type HealthReport, type PluginRole } from '@clinic-arrivals/plugin-kit';
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

/** Keep this many recent errors in memory for the status page (the store keeps more). */
export const RECENT_ERRORS = 50;

/** One error on the status page: the latest time, how often, since when. */
export interface RecentError {
  at: string;
  where: string;
  error: string;
  count: number;
  firstAt: string;
}

/** Hears when the host knows a plugin cannot work (`code`) or can again (`undefined`): the health window's forced `down`. */
export type PluginDownListener = (role: PluginRole, code: string | undefined) => void;

/** The `CA_ERR_…` code at the start of a log-safe description, or `fallback`. */
export function codeOfDescription(described: string, fallback: string): string {
  return /^(CA_ERR_[A-Z0-9_]+)/.exec(described)?.[1] ?? fallback;
}

/** Where recent errors are kept so a restart does not wipe them (the store). */
export interface RecentErrorLog {
  recordRecentError(entry: { where: string; error: string }, now: number): Promise<void>;
}

/**
 * What the host has seen while running, kept in memory for the status page: loop runs,
 * recent errors, plugins marked down. Log-safe strings only. Recent errors are also written
 * to the error log (the store) so a restart does not wipe them; counts that must survive a
 * restart (unknown sends, opt-outs) come from the store.
 */
export class StatusBoard implements ExecutionSink {
  readonly loops: Record<string, LoopStats> = {};
  readonly recentErrors: RecentError[] = [];
  private readonly down = new Map<PluginRole, string>();
  private readonly notes = new Map<PluginRole, string[]>();
  /** Why each plugin is known down, as the health window sees it (credentials rejected, not started). */
  private readonly downCodes = new Map<PluginRole, { rejected?: string; notStarted?: string }>();
  private downListener?: PluginDownListener;

  /** Writes to the error log, one after another; never rejects. */
  private written: Promise<void> = Promise.resolve();

  /**
   * @param changed hears every change the status page would show (plugin health, errors, loop failures).
   * @param errorLog keeps recent errors across restarts (see {@link restoreErrors}).
   */
  constructor(
    private readonly now: () => number,
    private readonly changed: () => void = () => {},
    private readonly errorLog?: RecentErrorLog,
  ) {}

  /** Newest first; the same error from the same place again moves to the top and counts instead of repeating. */
  recordError(where: string, error: string): void {
    const now = this.now();
    const at = new Date(now).toISOString();
    const index = this.recentErrors.findIndex((e) => e.where === where && e.error === error);
    const previous = index === -1 ? undefined : this.recentErrors.splice(index, 1)[0];
    this.recentErrors.unshift({ at, where, error, count: (previous?.count ?? 0) + 1, firstAt: previous?.firstAt ?? at });
    this.recentErrors.length = Math.min(this.recentErrors.length, RECENT_ERRORS);
    const log = this.errorLog;
    if (log) {
      // The error list is a convenience: a failed write (say, the store is closing) must not
      // turn one error into two. Whoever reported it has already logged it.
      this.written = this.written.then(() => log.recordRecentError({ where, error }, now)).catch(() => undefined);
    }
    this.changed();
  }

  /** At start-up: the errors kept from earlier runs (newest first), before any new one. */
  restoreErrors(kept: ReadonlyArray<{ where: string; error: string; firstAt: number; lastAt: number; count: number }>): void {
    for (const e of kept.slice(0, RECENT_ERRORS - this.recentErrors.length)) {
      if (this.recentErrors.some((r) => r.where === e.where && r.error === e.error)) continue;
      this.recentErrors.push({
        at: new Date(e.lastAt).toISOString(),
        where: e.where,
        error: e.error,
        count: e.count,
        firstAt: new Date(e.firstAt).toISOString(),
      });
    }
  }

  /** Resolves once every error recorded so far is in the log (call before closing the store). */
  flushErrors(): Promise<void> {
    return this.written;
  }

  /** The health window hears from here when a plugin is known down (see {@link markPluginDown}, {@link markNotStarted}). */
  onPluginDown(listener: PluginDownListener): void {
    this.downListener = listener;
    for (const role of this.downCodes.keys()) this.announceDown(role);
  }

  /** Credentials rejected or the like: a person must act. Shown as `down` until the plugin works again. */
  markPluginDown(role: PluginRole, detail: string): void {
    this.setDownCode(role, 'rejected', codeOfDescription(detail, CODES.AUTH));
    if (this.down.get(role) === detail) return;
    this.down.set(role, detail);
    this.changed();
  }

  /** Called after every successful call of some plugins: only a real recovery is a change. */
  markPluginRecovered(role: PluginRole): void {
    this.setDownCode(role, 'rejected', undefined);
    if (this.down.delete(role)) this.changed();
  }

  /** The plugin has not started (yet): its health is `down` with `code` until it starts (`undefined`). */
  markNotStarted(role: PluginRole, code: string | undefined): void {
    this.setDownCode(role, 'notStarted', code);
  }

  private setDownCode(role: PluginRole, why: 'rejected' | 'notStarted', code: string | undefined): void {
    const codes = this.downCodes.get(role) ?? {};
    if (codes[why] === code) return;
    if (code === undefined) delete codes[why];
    else codes[why] = code;
    if (codes.rejected === undefined && codes.notStarted === undefined) this.downCodes.delete(role);
    else this.downCodes.set(role, codes);
    this.announceDown(role);
  }

  private announceDown(role: PluginRole): void {
    const codes = this.downCodes.get(role);
    this.downListener?.(role, codes?.rejected ?? codes?.notStarted);
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
