/**
 * sms-twilio: sends the clinic's texts through Twilio's Messages API (official `twilio` library).
 * See README.md in this folder for the options and a config example.
 */
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { MessageSender } from '@clinic-arrivals/plugin-kit';
import { definePlugin, type PluginHealthReporter, type PluginInstance } from '@clinic-arrivals/plugin-kit';
import { smsTwilioOptionsSchema, type SmsTwilioOptions } from './options.js';
import { TwilioMessageSender, type TwilioSenderSeams } from './sender.js';

/** Builds the plugin instance; `seams` exist for tests (instant sleeps). No I/O. */
export function createSmsTwilioInstance(
  options: Readonly<SmsTwilioOptions>,
  context: { logger: Logger; clock: Clock; health?: PluginHealthReporter },
  seams: TwilioSenderSeams = {},
): PluginInstance<MessageSender> & { service: TwilioMessageSender } {
  const sender = new TwilioMessageSender(options, { logger: context.logger, clock: context.clock, health: context.health }, seams);
  return {
    service: sender,
    start: () => sender.verify(),
    stop: () => sender.close(),
    checkHealth: () => sender.health(),
  };
}

export default definePlugin({
  manifest: {
    id: 'sms-twilio',
    role: 'sms',
    hostApi: '^2',
    description: 'Sends SMS through Twilio (a number or a Messaging Service)',
  },
  optionsSchema: smsTwilioOptionsSchema,
  create(options, context) {
    return createSmsTwilioInstance(options, context);
  },
});

export { TwilioMessageSender, type TwilioSenderSeams } from './sender.js';
export { smsTwilioOptionsSchema, E164_PATTERN, type SmsTwilioOptions } from './options.js';
export { mapTwilioError, INVALID_NUMBER_CODES, OPTED_OUT_CODES, SENDER_CONFIG_CODES } from './error-mapping.js';
