import type { PluginState } from '../plugin/define-plugin.js';

/**
 * Plugin state in memory, for tests. Values go through JSON as they do in the host's store,
 * so a test sees what a restart would read back (no shared references, no `undefined` fields).
 */
export class MemoryPluginState implements PluginState {
  private readonly values = new Map<string, string>();

  async get<T = unknown>(key: string): Promise<T | undefined> {
    const json = this.values.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  async set(key: string, value: unknown): Promise<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
  }

  async list<T = unknown>(): Promise<Array<{ key: string; value: T }>> {
    return [...this.values.keys()].sort().map((key) => ({ key, value: JSON.parse(this.values.get(key)!) as T }));
  }
}
