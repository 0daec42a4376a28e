import type { ChangeEvent, ChangeFeed, ChangeListener, ChangeTopic } from '../api/host-api.js';
import type { Logger } from '@clinic-arrivals/plugin-kit';

export type { ChangeEvent, ChangeTopic };

/**
 * The host's in-process change bus: the runtime says "something in `topic` changed" (with an
 * id where one is known) and every subscriber hears it at once. Ids only, never names, numbers
 * or bodies, so an event can go anywhere a log line can. Delivery is synchronous and a
 * subscriber that throws is cut off from that event only: a broken listener must never fail the
 * write that caused the event.
 */
export class HostEvents implements ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  constructor(private readonly logger?: Logger) {}

  emit(topic: ChangeTopic, id?: string): void {
    if (this.listeners.size === 0) return;
    const event: ChangeEvent = id === undefined ? { topic } : { topic, id };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.logger?.debug({ topic, err: (error as Error)?.message }, 'change listener failed');
      }
    }
  }

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
