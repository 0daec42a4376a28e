import { definePlugin, type Inbox } from '@clinic-arrivals/plugin-kit';
import simulator from '../../plugins/inbox-simulator/index.js';
import { MemoryJoinGate } from '../executor/memory-join-gate.js';

/**
 * The inbox simulator with an in-memory join gate, for host tests of `video.verifyJoin`
 * (the reply proxy's real gate is tested with the proxy). Each instance's gate is listed in
 * {@link gates}, newest last, so a test can see what the host published.
 */
export const gates: MemoryJoinGate[] = [];

export default definePlugin({
  manifest: { ...simulator.manifest, id: 'inbox-simulator-gate', description: 'The inbox simulator with an in-memory join gate (tests)' },
  optionsSchema: simulator.optionsSchema,
  create(options, ctx) {
    const instance = simulator.create(options, ctx);
    const gate = new MemoryJoinGate();
    gates.push(gate);
    const inbox = instance.service;
    // The simulator's own methods, on the simulator; `joinGate` added.
    const service = new Proxy(inbox, {
      get(target, property) {
        if (property === 'joinGate') return gate;
        const value = Reflect.get(target, property, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    }) as Inbox & { joinGate: MemoryJoinGate };
    return { ...instance, service };
  },
});
