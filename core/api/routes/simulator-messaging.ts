import { MAX_TEXT_LENGTH } from '../schemas.js';
import { isoTime, list } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import { injectedReply, simulatedInboxPending, simulatedTexts } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';
import { activeSimulator } from './simulator-guard.js';

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

/** sms-simulator (what was sent) and inbox-simulator (replies typed in by a person). */
export const simulatorMessagingRoutes: RouteModule = (app, control) => {
  app.get('/api/simulator/sms/sent', { schema: { summary: 'texts the simulated SMS provider sent', response: { 200: simulatedTexts } } }, async () => {
    const sent = await activeSimulator(control, 'sms').sent();
    return list(sent.map((message) => ({ ...message, at: isoTime(message.at) })));
  });

  app.get('/api/simulator/inbox', { schema: { summary: 'how many injected replies wait to be read', response: { 200: simulatedInboxPending } } }, async () => ({
    pending: await activeSimulator(control, 'inbox').pending(),
  }));

  app.post<{ Body: { from: string; body: string } }>(
    '/api/simulator/inbox',
    { schema: { summary: 'inject a patient reply ({ from, body }) → { id }', body: injectBody, response: { 201: injectedReply } } },
    async (request, reply) => {
      const id = await activeSimulator(control, 'inbox').inject({ from: request.body.from, body: request.body.body });
      await recordActivity(request, 'simulator', { what: 'inject-reply', messageId: id });
      return reply.code(201).send({ id });
    },
  );

  app.post<{ Body: { providerId: string; status: string; errorCode?: string } }>(
    '/api/simulator/sms/status',
    { schema: { summary: 'a delivery status callback for a sent text ({ providerId, status, errorCode? }) → { id }, once the host stored it', body: statusBody } },
    async (request) => {
      const { providerId, status, errorCode } = request.body;
      const id = await activeSimulator(control, 'inbox').reportDeliveryStatus({ providerId, status, ...(errorCode === undefined ? {} : { errorCode }) });
      return { id };
    },
  );
};
