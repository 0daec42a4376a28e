import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { InboxSimulator } from './inbox-simulator.js';
import { inboxSimulatorOptionsSchema } from './options.js';
import { inboxSimulatorRoutes } from './routes.js';

export { InboxSimulator } from './inbox-simulator.js';
export type { InboxSimulatorOptions } from './options.js';

/** Patient replies typed into the local API instead of arriving by SMS, for demos, training and tests. */
export default definePlugin({
  manifest: {
    id: 'inbox-simulator',
    role: 'inbox',
    hostApi: '^2',
    description: 'Simulated SMS inbox: replies injected through the local API, kept in the store until acknowledged',
  },
  optionsSchema: inboxSimulatorOptionsSchema,
  create(options, ctx) {
    const inbox = new InboxSimulator(ctx.state, ctx.clock, options.redeliverAfterSeconds * 1000);
    return {
      service: inbox,
      routes: inboxSimulatorRoutes(inbox),
      start: () => inbox.start(),
      stop: () => inbox.stop(),
      checkHealth: () => inbox.health(),
    };
  },
});
