import type { PluginRole } from '@clinic-arrivals/plugin-kit';
import type { HealthStatus, PluginHealthFeed, PluginHealthState } from '../../core/runtime/plugin-health-feed.js';

/**
 * A PluginHealthFeed a test sets by hand: `set()` changes a role's status (dated by the given
 * time) and tells the subscribers, as the host's feed does on every status change.
 */
export class TestHealthFeed implements PluginHealthFeed {
  private readonly states = new Map<PluginRole, PluginHealthState>();
  private readonly listeners = new Set<(state: PluginHealthState) => void>();

  constructor(at: number, roles: PluginRole[] = ['pms', 'sms', 'inbox']) {
    for (const role of roles) this.states.set(role, { role, status: 'ok', since: at, calls: 0, retried: 0, failed: 0 });
  }

  current(): PluginHealthState[] {
    return [...this.states.values()].map((state) => ({ ...state }));
  }

  subscribe(listener: (state: PluginHealthState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sets `role` to `status` from `at`, with `code` as its newest error (kept when not given). */
  set(role: PluginRole, status: HealthStatus, at: number, code?: string): void {
    const before = this.states.get(role)!;
    const state: PluginHealthState = {
      ...before,
      status,
      since: before.status === status ? before.since : at,
      ...(code ? { lastError: { code, at } } : {}),
    };
    this.states.set(role, state);
    if (before.status !== status) for (const listener of this.listeners) listener({ ...state });
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
