import { badRequest } from '../http-errors.js';
import { decidedByBody, idParams, outboxIdParams } from '../schemas.js';
import { incomingMessageView, list, sentMessageView, unknownSendView } from '../views.js';
import type { FastifyRequest } from 'fastify';
import { actorName, recordActivity } from '../activity-recorder.js';
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

const unknownQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { state: { type: 'string', enum: ['open', 'resolved', 'all'] } },
} as const;

type UnknownAction = { Params: { id: number }; Body: { by?: string } };

/** Who decided, for the record: the name given, or `api`. */
/** The signed-in person; without sign-in, the name the body gives (`api` when none). */
const decidedBy = (request: FastifyRequest, body: { by?: string } | null): string => actorName(request, body?.by?.trim() || 'api');

/** The body is optional: no body means "no name given". */
const optionalBody = async (request: { body: unknown }) => {
  request.body ??= {};
};

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

/** Replies the host could not act on (kept for a person), messages sent, and sends whose outcome is unknown. */
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

  app.get<{ Querystring: { state?: 'open' | 'resolved' | 'all' } }>(
    '/api/messages/unknown',
    { schema: { summary: 'sends whose outcome is unknown (?state=open|resolved|all; open by default)', querystring: unknownQuery } },
    async (request) => list((await control.listUnknownSends(request.query.state ?? 'open')).map(unknownSendView)),
  );

  app.post<UnknownAction>(
    '/api/messages/unknown/:id/delivered',
    { schema: { summary: 'record that an unknown send did arrive ({ by? })', params: outboxIdParams, body: decidedByBody }, preValidation: optionalBody },
    async (request) => {
      const view = unknownSendView(await control.markUnknownSendDelivered(request.params.id, decidedBy(request, request.body)));
      await recordActivity(request, 'mark-delivered', { outboxId: request.params.id }, decidedBy(request, request.body));
      return view;
    },
  );

  app.post<UnknownAction>(
    '/api/messages/unknown/:id/send-again',
    { schema: { summary: 'send the same text once more and record it ({ by? })', params: outboxIdParams, body: decidedByBody }, preValidation: optionalBody },
    async (request) => {
      // A copy the provider did not take (CA_ERR_SEND_FAILED) answers 503 or 502 by its kind: see error-replies.ts.
      const { original, resend } = await control.sendUnknownAgain(request.params.id, decidedBy(request, request.body));
      await recordActivity(request, 'resend', { outboxId: request.params.id }, decidedBy(request, request.body));
      return { original: unknownSendView(original), resend: unknownSendView(resend) };
    },
  );

  app.post<UnknownAction>(
    '/api/messages/unknown/:id/dismiss',
    {
      schema: { summary: 'record that nothing will be done about an unknown send ({ by? })', params: outboxIdParams, body: decidedByBody },
      preValidation: optionalBody,
    },
    async (request) => {
      const view = unknownSendView(await control.dismissUnknownSend(request.params.id, decidedBy(request, request.body)));
      await recordActivity(request, 'dismiss-unknown-send', { outboxId: request.params.id }, decidedBy(request, request.body));
      return view;
    },
  );
};
