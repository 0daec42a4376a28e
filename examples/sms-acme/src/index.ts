import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { AcmeMessageSender } from './acme-sender.js';
import { acmeSmsOptionsSchema } from './options.js';

export { AcmeMessageSender } from './acme-sender.js';
export type { AcmeSmsOptions } from './options.js';

/** Texts patients through the Acme SMS API. */
export default definePlugin({
  manifest: { id: 'sms-acme', role: 'sms', hostApi: '^2', description: 'SMS through the Acme SMS API' },
  optionsSchema: acmeSmsOptionsSchema,
  create(options, ctx) {
    // Options arrive validated and defaulted (typed from the schema, so baseUrl is set).
    const sender = new AcmeMessageSender(options, ctx.signal);
    return { service: sender };
  },
});
