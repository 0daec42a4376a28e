import { badRequest } from '../http-errors.js';
import { idParams } from '../schemas.js';
import { incomingMessageView, list, sentMessageView } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import type { RouteModule } from './route-module.js';

/** Default and largest page of sent messages. */
const DEFAULT_SENT_LIMIT = 100;
const MAX_SENT_LIMIT = 1000;

const sentQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    since: { type: 'string', minLength: 1, maxLength: 40 },
    limit: { type: 'integer', minimum: 1, maximum: MAX_SENT_LIMIT },
  },
} as const;

/** `since` accepts an ISO 8601 time with offset or epoch milliseconds. */
export function parseSince(raw: string): number {
  if (/^\d+$/.test(raw)) return Number(raw);
  // An unencoded `+` in a query string arrives as a space: `...T09:00:00 11:00`.
  const value = raw.replace(/ (\d{2}:?\d{2})$/, '+$1');
  const hasOffset = /T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const ms = Date.parse(value);
  if (!hasOffset || Number.isNaN(ms)) {
    throw badRequest('querystring.since: must be an ISO 8601 time with offset (e.g. 2026-11-23T09:00:00+11:00) or epoch milliseconds');
  }
  return ms;
}

/** Replies the host could not act on (kept for a person) and messages sent. */
export const messageRoutes: RouteModule = (app, control) => {
  app.get('/api/messages/unprocessed', { schema: { summary: 'replies kept for a person to handle' } }, async () =>
    list((await control.listUnprocessed()).map(incomingMessageView)),
  );

  app.post<{ Params: { id: string } }>(
    '/api/messages/unprocessed/:id/dismiss',
    { schema: { summary: 'mark an unprocessed reply as dealt with', params: idParams } },
    async (request) => {
      await control.dismissUnprocessed(request.params.id);
      await recordActivity(request, 'mark-done', { messageId: request.params.id });
      return { ok: true };
    },
  );

  app.get<{ Querystring: { since?: string; limit?: number } }>(
    '/api/messages/sent',
    { schema: { summary: 'messages sent (?since=ISO time&limit=N)', querystring: sentQuery } },
    async (request) => {
      const { since, limit } = request.query;
      const filter = { since: since === undefined ? undefined : parseSince(since), limit: limit ?? DEFAULT_SENT_LIMIT };
      return list((await control.listSent(filter)).map(sentMessageView));
    },
  );
};
