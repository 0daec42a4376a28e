import { pluginRoute, type PluginRoute } from '@clinic-arrivals/plugin-kit';
import type { InboxSimulator } from './inbox-simulator.js';

/** The longest text the host accepts anywhere (ten SMS segments). */
const MAX_TEXT_LENGTH = 1600;

const injectBody = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'body'],
  properties: {
    /** Any format the clinic's patients might text from; the host normalises it. */
    from: { type: 'string', minLength: 1, maxLength: 32 },
    body: { type: 'string', maxLength: MAX_TEXT_LENGTH },
  },
} as const;

const statusBody = {
  type: 'object',
  additionalProperties: false,
  required: ['providerId', 'status'],
  properties: {
    /** The provider id of a text the host sent (`providerId` in `GET /api/simulator/sms/sent`). */
    providerId: { type: 'string', minLength: 1, maxLength: 64 },
    status: { type: 'string', enum: ['queued', 'sent', 'delivered', 'undelivered', 'failed'] },
    /** The provider's error code, e.g. 30003 (unreachable handset). */
    errorCode: { type: 'string', pattern: '^[0-9]{1,10}$' },
  },
} as const;

const pendingReply = {
  type: 'object',
  properties: { pending: { type: 'integer', description: 'injected replies the host has not read yet' } },
  required: ['pending'],
} as const;

const idReply = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/*
 * Replies typed in by a person, and delivery reports for texts the host sent (a provider's
 * status callbacks arrive through its inbox, so the simulated one takes them here).
 */
export function inboxSimulatorRoutes(inbox: InboxSimulator): PluginRoute[] {
  return [
    pluginRoute({
      method: 'GET',
      path: '/api/simulator/inbox',
      schema: { summary: 'how many injected replies wait to be read', response: { 200: pendingReply } },
      handler: async () => ({ body: { pending: await inbox.pending() } }),
    }),
    pluginRoute<{ from: string; body: string }>({
      method: 'POST',
      path: '/api/simulator/inbox',
      schema: { summary: 'inject a patient reply ({ from, body }) → { id }', body: injectBody, response: { 201: idReply } },
      handler: async (request, host) => {
        const id = await inbox.inject({ from: request.body.from, body: request.body.body });
        await host.recordActivity({ what: 'inject-reply', messageId: id });
        return { status: 201, body: { id } };
      },
    }),
    pluginRoute<{ providerId: string; status: string; errorCode?: string }>({
      method: 'POST',
      path: '/api/simulator/sms/status',
      schema: {
        summary: 'a delivery status callback for a sent text ({ providerId, status, errorCode? }) → { id }, once the host stored it',
        body: statusBody,
      },
      handler: async (request) => {
        const { providerId, status, errorCode } = request.body;
        const id = await inbox.reportDeliveryStatus({ providerId, status, ...(errorCode === undefined ? {} : { errorCode }) });
        return { body: { id } };
      },
    }),
  ];
}
