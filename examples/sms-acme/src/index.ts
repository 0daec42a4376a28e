import { definePlugin } from '@clinic-arrivals/plugin-kit';
import { AcmeMessageSender } from './acme-sender.js';
import { acmeSmsOptionsSchema, type AcmeSmsOptions } from './options.js';

export { AcmeMessageSender } from './acme-sender.js';
export type { AcmeSmsOptions } from './options.js';

/** Texts patients through the Acme SMS API. */
export default definePlugin<'sms', AcmeSmsOptions>({
  manifest: { id: 'sms-acme', role: 'sms', hostApi: '^2', description: 'SMS through the Acme SMS API' },
  optionsSchema: acmeSmsOptionsSchema,
  create(options, ctx) {
    // Options arrive validated and defaulted, so baseUrl is set.
    const sender = new AcmeMessageSender(options as Required<AcmeSmsOptions>, ctx.signal);
    return { service: sender };
  },
});
