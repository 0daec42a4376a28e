import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { WireMessage } from './wire.js';

/** Most unacknowledged legacy messages kept; the oldest go first beyond that. */
const MAX_ENTRIES = 1000;

/**
 * Legacy messages fetched and not yet acknowledged by the host, kept in the host's store
 * (plugin state). The legacy proxy deletes a message the moment it hands it out, so this is
 * the only copy: a host that stops between fetching and handling finds it here on the next
 * start. The window it cannot cover is the fetch itself (an answer lost on the way).
 */
export class LegacyJournal {
  private entries: WireMessage[] | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly state: PluginState,
    private readonly key: string,
    private readonly logger: Logger,
  ) {}

  /** Messages not acknowledged yet, oldest first. */
  async pending(): Promise<WireMessage[]> {
    return [...(await this.load())];
  }

  /**
   * Records fetched messages before they are handed out and returns those it did not hold
   * yet (a message fetched twice is handed out once).
   */
  async add(messages: WireMessage[]): Promise<WireMessage[]> {
    const entries = await this.load();
    const known = new Set(entries.map((m) => m.id));
    const fresh = messages.filter((m) => !known.has(m.id) && known.add(m.id));
    if (fresh.length === 0) return fresh;
    entries.push(...fresh);
    if (entries.length > MAX_ENTRIES) {
      const dropped = entries.splice(0, entries.length - MAX_ENTRIES).length;
      this.logger.warn({ dropped }, 'legacy journal full: the oldest unacknowledged replies were dropped');
    }
    await this.persist();
    return fresh;
  }

  /** Forgets an acknowledged message. */
  async remove(id: string): Promise<void> {
    const entries = await this.load();
    const index = entries.findIndex((m) => m.id === id);
    if (index < 0) return;
    entries.splice(index, 1);
    await this.persist();
  }

  /** Waits for writes in progress. */
  async settle(): Promise<void> {
    await this.writing.catch(() => undefined);
  }

  private async load(): Promise<WireMessage[]> {
    if (this.entries) return this.entries;
    const stored = await this.state.get<unknown>(this.key);
    this.entries ??= Array.isArray(stored) ? (stored as WireMessage[]).filter((m) => typeof m?.id === 'string') : [];
    return this.entries;
  }

  /** Writes are chained so the last state always wins. */
  private persist(): Promise<void> {
    const snapshot = [...(this.entries ?? [])];
    this.writing = this.writing.catch(() => undefined).then(() => this.state.set(this.key, snapshot));
    return this.writing;
  }
}
