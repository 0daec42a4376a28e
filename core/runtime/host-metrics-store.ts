import type { NewOutboxEntry, OutboxEntry, SendResult, Store } from '../store/store.js';
import type { HostCounters } from './host-metrics.js';

/**
 * The same store, counting every text whose provider call finished (`clinic_arrivals_texts_total`)
 * as the store records it: engine sends, staff replies and "send again" alike, and the sends a
 * shutdown cut off, found at start-up (`unknown`). Counted only after the write succeeded.
 * Everything else is the store's own.
 */
export function storeCountingTexts(store: Store, counters: Pick<HostCounters, 'textFinished'>): Store {
  // Template of each send begun and not finished yet (finishSend names only the entry id).
  const templates = new Map<number, string>();
  const counting: Partial<Store> = {
    beginSend: async (entry: NewOutboxEntry, now: number) => {
      const begun = await store.beginSend(entry, now);
      templates.set(begun.id, entry.template);
      return begun;
    },
    finishSend: async (id: number, result: SendResult, now: number) => {
      await store.finishSend(id, result, now);
      const template = templates.get(id) ?? (await store.getOutboxEntry(id))?.template ?? 'other';
      templates.delete(id);
      counters.textFinished(template, result.status);
    },
    markUnfinishedUnknown: async (now: number) => {
      const cut: OutboxEntry[] = await store.markUnfinishedUnknown(now);
      for (const entry of cut) counters.textFinished(entry.template, 'unknown');
      return cut;
    },
  };
  // Bound once per method: the store is called many times a second.
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, property) {
      if (Object.hasOwn(counting, property)) return counting[property as keyof Store];
      // The store itself as `this`: its private fields are not reachable through the proxy.
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (!bound.has(property)) bound.set(property, value.bind(target));
      return bound.get(property);
    },
  });
}
