import type { PluginState } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';

/** A plugin's view of the store: its own keys under its own id, nothing else. */
export function pluginStateIn(store: Store, pluginId: string): PluginState {
  return {
    get: (key) => store.getPluginState(pluginId, key),
    set: (key, value) => store.setPluginState(pluginId, key, value),
    list: () => store.listPluginState(pluginId),
  };
}
