import type { HealthReport, PluginInstance, PluginRole, RoleServices } from '@clinic-arrivals/plugin-kit';

/** One created plugin as the host runs it. */
export interface PluginSlot<R extends PluginRole = PluginRole> {
  role: R;
  id: string;
  instance: PluginInstance<RoleServices[R]>;
  /** start() has succeeded (a plugin that was not ready is started again later). */
  started: boolean;
  /** Why start() has not succeeded yet, when it has not. */
  startError?: string;
  /** Aborted when the host stops the plugin (the context's `signal`). */
  stopping: AbortController;
  /** stop() was called (it is called once). */
  stopped?: boolean;
}

/** The plugin's own health report, or what the host knows when it cannot give one. */
export async function healthOf(slot: PluginSlot): Promise<HealthReport> {
  if (!slot.started) return { status: 'down', detail: `not started: ${slot.startError ?? 'starting'}` };
  if (!slot.instance.checkHealth) return { status: 'ok' };
  try {
    return await slot.instance.checkHealth();
  } catch (error) {
    return { status: 'degraded', detail: `health check failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
