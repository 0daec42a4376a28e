import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { smsSimulatorOptionsSchema } from './options.js';
import { SmsSimulator } from './sms-simulator.js';
import { smsSimulatorRoutes } from './routes.js';

export { SmsSimulator, type SimulatedSendFailure, type SimulatedText } from './sms-simulator.js';
export type { SmsSimulatorOptions } from './options.js';

/** Texts that go nowhere: recorded in memory and shown on stderr (stdout is the JSON log), for demos, training and tests. */
export default definePlugin({
  manifest: {
    id: 'sms-simulator',
    role: 'sms',
    hostApi: '^2',
    description: 'Simulated SMS sender: records texts and prints them to stderr instead of sending',
  },
  optionsSchema: smsSimulatorOptionsSchema,
  create(options, ctx) {
    const print = options.print ? (line: string) => void process.stderr.write(line) : undefined;
    const sms = new SmsSimulator(ctx.clock, print);
    return {
      service: sms,
      routes: smsSimulatorRoutes(sms),
      checkHealth: () => sms.health(),
    };
  },
});
