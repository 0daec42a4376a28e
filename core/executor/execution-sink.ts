import type { PluginRole } from '@clinic-arrivals/plugin-kit';

/**
 * Where the executor reports what the status page must show. Log-safe strings only
 * (error codes and messages from typed errors, appointment ids; never phones or bodies).
 */
export interface ExecutionSink {
  /** A decision stopped at a failed effect. */
  recordError(where: string, error: string): void;
  /** A plugin showed it cannot work until a person acts (e.g. SMS credentials rejected). */
  markPluginDown(role: PluginRole, detail: string): void;
  /** The plugin worked again after being marked down. */
  markPluginRecovered(role: PluginRole): void;
}

/** A sink that drops everything (tests that do not look at status). */
export const NULL_SINK: ExecutionSink = {
  recordError() {},
  markPluginDown() {},
  markPluginRecovered() {},
};
