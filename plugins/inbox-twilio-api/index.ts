/**
 * inbox-twilio-api: patients' replies read by polling Twilio's Messages list, for clinics
 * that want no public server and no third party in the data path. See README.md here.
 */
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Inbox } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import { definePlugin, type PluginInstance } from '@clinic-arrivals/plugin-kit';
import { inboxTwilioApiOptionsSchema, type InboxTwilioApiOptions } from './options.js';
import { INBOX_TWILIO_API_ID, TwilioApiInbox, type TwilioApiInboxSeams } from './twilio-api-inbox.js';

/** Builds the plugin instance; `seams` exist for tests (fast polling). No I/O. */
export function createInboxTwilioApiInstance(
  options: Readonly<InboxTwilioApiOptions>,
  context: { logger: Logger; clock: Clock; state: PluginState },
  seams: TwilioApiInboxSeams = {},
): PluginInstance<Inbox> & { service: TwilioApiInbox } {
  const inbox = new TwilioApiInbox(options, context, seams);
  return {
    service: inbox,
    start: () => inbox.start(),
    stop: () => inbox.stop(),
    checkHealth: () => inbox.health(),
  };
}

export default definePlugin({
  manifest: {
    id: INBOX_TWILIO_API_ID,
    role: 'inbox',
    hostApi: '^2',
    description: "Reads patients' replies by polling Twilio's Messages API (no public server needed)",
  },
  optionsSchema: inboxTwilioApiOptionsSchema,
  create(options, context) {
    return createInboxTwilioApiInstance(options, context);
  },
});

export { TwilioApiInbox, INBOX_TWILIO_API_ID, type TwilioApiInboxSeams } from './twilio-api-inbox.js';
export { inboxTwilioApiOptionsSchema, type InboxTwilioApiOptions } from './options.js';
