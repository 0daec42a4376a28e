import { pluginRoute, type PluginRoute } from '@clinic-arrivals/plugin-kit';
import type { SmsSimulator } from './sms-simulator.js';

const str = { type: 'string' } as const;

/** Simulated data: numbers and texts are whatever the simulated day produced. */
const sentTexts = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          providerId: str,
          to: { ...str, description: 'the number texted (E.164)' },
          body: str,
          at: { type: 'string', format: 'date-time' },
        },
        required: ['providerId', 'to', 'body', 'at'],
      },
    },
  },
  required: ['items'],
} as const;

/** What the simulated SMS provider sent, for the reception app's simulator screen. */
export function smsSimulatorRoutes(sms: SmsSimulator): PluginRoute[] {
  return [
    pluginRoute({
      method: 'GET',
      path: '/api/simulator/sms/sent',
      schema: { summary: 'texts the simulated SMS provider sent', response: { 200: sentTexts } },
      handler: async () => {
        const sent = await sms.sent();
        return { body: { items: sent.map((message) => ({ ...message, at: new Date(message.at).toISOString() })) } };
      },
    }),
  ];
}
