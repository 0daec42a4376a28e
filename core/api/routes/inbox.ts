import type { FastifyRequest } from 'fastify';
import type { ActivityAction } from '../../auth/activity.js';
import { actorName, recordActivity } from '../activity-recorder.js';
import type { ActivityEntry } from '../host-api.js';
import { CODES } from '@clinic-arrivals/plugin-kit';
import { ApiHttpError } from '../http-errors.js';
import {
  byBody,
  conversationParams,
  conversationQuery,
  conversationResponse,
  countResponse,
  inboxListQuery,
  inboxListResponse,
  linkBody,
  MAX_INBOX_DAYS,
  replyBody,
  replyResponse,
  revealResponse,
} from '../inbox-schemas.js';
import { conversationView, inboxConversationView, list, outgoingTextView } from '../views.js';
import type { StaffReplyRefusal } from '../../engine/staff-reply.js';
import type { RouteModule } from './route-module.js';

interface Params {
  conversationId: string;
}

/** How each refusal of a staff reply answers: policy stops are 409 (try later, or call), a bad text is 422. */
const REFUSAL: Record<StaffReplyRefusal, { status: number; code: string }> = {
  'opted-out': { status: 409, code: CODES.OPTED_OUT },
  'daily-cap': { status: 409, code: CODES.DAILY_CAP },
  'quiet-hours': { status: 409, code: CODES.QUIET_HOURS },
  whitelist: { status: 409, code: CODES.WHITELIST },
  'too-long': { status: 422, code: CODES.TOO_LONG },
  empty: { status: 422, code: CODES.VALIDATION },
};

/**
 * Who did it: the `by` the client sends, until staff sign-in names the person on the request
 * (then that name wins here, in this one place).
 */
/** The signed-in person; without sign-in, the name the request gives (see actorName). */
function actorOf(request: FastifyRequest, by: string | undefined): string {
  return actorName(request, by ?? 'reception');
}

/** Inbox actions as the activity log names them. */
const ACTIVITY_OF: Record<ActivityEntry['action'], ActivityAction> = {
  'inbox.reply': 'reply',
  'inbox.done': 'mark-done',
  'inbox.link': 'link-appointment',
  'inbox.reveal-number': 'reveal-number',
};

/** Reception's inbox: conversations per number that need a person, replies, done, link, reveal. */
export const inboxRoutes: RouteModule = (app, control) => {
  const { inbox } = control;
  const record = (request: FastifyRequest, entry: ActivityEntry) => recordActivity(request, ACTIVITY_OF[entry.action], entry.detail, entry.by);

  app.get<{ Querystring: { state: 'open' | 'done' | 'all'; days: number; limit: number } }>(
    '/api/inbox',
    {
      schema: { summary: 'conversations needing a person (?state=open|done|all&days=14&limit=100)', querystring: inboxListQuery, response: inboxListResponse },
    },
    async (request) => {
      const { state, days, limit } = request.query;
      const open = state === 'done' ? [] : await inbox.listConversations({ open: true, limit });
      const done = state === 'open' ? [] : await inbox.listConversations({ open: false, days, limit });
      return list([...open, ...done].slice(0, limit).map(inboxConversationView));
    },
  );

  app.get<{ Params: Params; Querystring: { days: number } }>(
    '/api/inbox/:conversationId',
    {
      schema: {
        summary: 'one conversation: texts both ways over the last ?days=14, newest last',
        params: conversationParams,
        querystring: conversationQuery,
        response: conversationResponse,
      },
    },
    async (request) => conversationView(await inbox.conversation(request.params.conversationId, request.query.days)),
  );

  app.post<{ Params: Params; Body: { by?: string } | null }>(
    '/api/inbox/:conversationId/reveal-number',
    { schema: { summary: 'the full number of a conversation (recorded)', params: conversationParams, body: byBody, response: revealResponse } },
    async (request) => {
      const { conversationId } = request.params;
      const phone = await inbox.revealNumber(conversationId);
      await record(request, { action: 'inbox.reveal-number', by: actorOf(request, request.body?.by), detail: { conversationId } });
      return { phone };
    },
  );

  app.post<{ Params: Params; Body: { text: string; by?: string; requestId: string } }>(
    '/api/inbox/:conversationId/reply',
    {
      schema: {
        summary: 'send a free-text reply through the outbox (once per requestId)',
        params: conversationParams,
        body: replyBody,
        response: replyResponse,
      },
    },
    async (request) => {
      const { conversationId } = request.params;
      const { text, requestId } = request.body;
      const by = actorOf(request, request.body.by);
      const result = await inbox.reply(conversationId, { text, by, requestId });
      if (result.outcome === 'refused') {
        const { status, code } = REFUSAL[result.reason];
        throw new ApiHttpError(status, result.message, code);
      }
      if (!result.repeated) await record(request, { action: 'inbox.reply', by, detail: { conversationId, status: result.entry.status } });
      return { requestId, repeated: result.repeated, message: outgoingTextView(result.entry, result.entry.to) };
    },
  );

  app.post<{ Params: Params; Body: { by?: string } | null }>(
    '/api/inbox/:conversationId/done',
    {
      schema: {
        summary: 'mark a conversation done (its texts dismissed, with who)',
        params: conversationParams,
        body: byBody,
        response: countResponse('closed'),
      },
    },
    async (request) => {
      const { conversationId } = request.params;
      const by = actorOf(request, request.body?.by);
      const closed = await inbox.markDone(conversationId, by);
      await record(request, { action: 'inbox.done', by, detail: { conversationId } });
      return { ok: true, closed };
    },
  );

  app.post<{ Params: Params; Body: { appointmentId: string; by?: string } }>(
    '/api/inbox/:conversationId/link',
    {
      schema: { summary: "link a conversation's texts to a known appointment", params: conversationParams, body: linkBody, response: countResponse('linked') },
    },
    async (request) => {
      const { conversationId } = request.params;
      const { appointmentId } = request.body;
      const linked = await inbox.link(conversationId, appointmentId, MAX_INBOX_DAYS);
      await record(request, { action: 'inbox.link', by: actorOf(request, request.body.by), detail: { conversationId, appointmentId } });
      return { ok: true, linked };
    },
  );
};
