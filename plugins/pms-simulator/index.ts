import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { pmsSimulatorOptionsSchema } from './options.js';
import { PmsSimulator } from './pms-simulator.js';
import { pmsSimulatorRoutes } from './routes.js';

export { PmsSimulator, InvalidAppointmentError, type SimulatedAppointment } from './pms-simulator.js';
export { simulatedAppointmentSchema, type PmsSimulatorOptions, type SimulatedAppointmentInput } from './options.js';

/** A practice-management system simulated in the local store, for demos, training and tests. */
export default definePlugin({
  manifest: {
    id: 'pms-simulator',
    role: 'pms',
    hostApi: '^2',
    description: 'Simulated PMS: appointments kept in the local store, edited through the local API',
  },
  optionsSchema: pmsSimulatorOptionsSchema,
  create(options, ctx) {
    const pms = new PmsSimulator(ctx.state, ctx.logger);
    return {
      service: pms,
      routes: pmsSimulatorRoutes(pms),
      start: () => pms.seedIfEmpty(options.seed),
      checkHealth: () => pms.health(),
    };
  },
});
