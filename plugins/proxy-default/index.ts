/**
 * proxy-default: patients' replies through the clinic-arrivals reply proxy (server/ here).
 * The host keeps one outbound connection to the proxy (a Server-Sent Events stream, or long
 * polls) and acknowledges each reply once it has handled and stored it. See CLIENT.md.
 */
import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Inbox } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { PluginState } from '@clinic-arrivals/plugin-kit';
import { definePlugin, type PluginInstance } from '@clinic-arrivals/plugin-kit';
import { PROXY_DEFAULT_ID, ProxyInbox, type ProxyInboxSeams } from './client/proxy-inbox.js';
import { proxyInboxOptionsSchema, type ProxyInboxOptions } from './options.js';
import { commands } from './commands.js';

/** Builds the plugin instance; `seams` exist for tests. No I/O (the URL is checked, nothing is sent). */
export function createProxyInboxInstance(
  options: Readonly<ProxyInboxOptions>,
  context: { logger: Logger; clock: Clock; state: PluginState },
  seams: ProxyInboxSeams = {},
): PluginInstance<Inbox> & { service: ProxyInbox } {
  const inbox = new ProxyInbox(options, context, seams);
  return {
    service: inbox,
    start: () => inbox.start(),
    stop: () => inbox.stop(),
    checkHealth: () => inbox.health(),
  };
}

export default definePlugin({
  manifest: {
    id: PROXY_DEFAULT_ID,
    role: 'inbox',
    hostApi: '^2',
    description: "Receives patients' replies through the clinic-arrivals reply proxy (stream or long poll, acknowledged)",
  },
  optionsSchema: proxyInboxOptionsSchema,
  create(options, context) {
    return createProxyInboxInstance(options, context);
  },
  extensions: { commands },
});

export { ProxyInbox, PROXY_DEFAULT_ID, type DeliveryStatus, type ProxyInboxSeams } from './client/proxy-inbox.js';
export { legacyMessageId } from './client/wire.js';
export { proxyInboxOptionsSchema, type ProxyInboxOptions, type ProxyProtocol, type ProxyTransport } from './options.js';
