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
};
