import { isoTime, list } from '../views.js';
import type { RouteModule } from './route-module.js';

const optOutList = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['phoneMasked', 'at'],
        // An allow-list too: fastify serialises only these, so a full number can never slip out.
        properties: {
          /** `•••678`. */
          phoneMasked: { type: 'string' },
          /** When the number opted out (ISO 8601). */
          at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** Numbers that replied STOP (and not START since), masked, for the status page. */
export const optOutRoutes: RouteModule = (app, control) => {
  app.get('/api/opt-outs', { schema: { summary: 'opted-out numbers, masked, newest first', response: { 200: optOutList } } }, async () =>
    list((await control.listOptOuts()).map((o) => ({ phoneMasked: o.phoneMasked, at: isoTime(o.at) }))),
  );
};
