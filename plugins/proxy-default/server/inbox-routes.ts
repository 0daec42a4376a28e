import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientAuth } from './client-auth.js';
import { toClientMessage } from './client-message.js';
import { sendError, type ProxyContext } from './context.js';
import { registerInboxStream } from './inbox-stream.js';
import { NUMBERS_REQUIRED, numbersMissing, routeNumbersOf, toQuerySchema } from './route-numbers.js';

/** Paths of the client API. */
export const INBOX_PATHS = { poll: '/v1/inbox', stream: '/v1/inbox/stream', ack: '/v1/inbox/ack' } as const;

/** Most messages handed out by one poll or one stream step. */
export const MAX_BATCH = 100;
const MAX_ACK_IDS = 500;

/**
 * The client API (authenticated per account, see client-auth.ts):
 * - `GET /v1/inbox?wait=<seconds>&limit=<n>`: long poll; answers at once when messages are
 *   available, otherwise as soon as one arrives or after `wait` seconds with an empty list.
 * - `GET /v1/inbox/stream`: Server-Sent Events (inbox-stream.ts).
 * - Both take `to=<E.164>` (repeated, at most MAX_ROUTE_NUMBERS): only messages of those
 *   clinic numbers are handed out and leased (route-numbers.ts); without it, all of the account's.
 * - `POST /v1/inbox/ack` `{ "ids": [...] }`: deletes handled messages.
 * Messages handed out and not acknowledged within `leaseSeconds` are handed out again.
 */
export function registerInboxRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const preHandler = clientAuth(ctx);

  app.get(
    INBOX_PATHS.poll,
    {
      preHandler,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            wait: { type: 'integer', minimum: 0, maximum: ctx.config.timeouts.longPollMaxSeconds, default: 0 },
            limit: { type: 'integer', minimum: 1, maximum: MAX_BATCH, default: MAX_BATCH },
            to: toQuerySchema,
          },
        },
      },
    },
    (request, reply) => longPoll(ctx, request, reply),
  );

  app.post(
    INBOX_PATHS.ack,
    {
      preHandler,
      bodyLimit: 64 * 1024,
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['ids'],
          properties: {
            ids: { type: 'array', minItems: 1, maxItems: MAX_ACK_IDS, items: { type: 'string', minLength: 1, maxLength: 100 } },
          },
        },
      },
    },
    async (request, reply) => {
      const { ids } = request.body as { ids: string[] };
      const acked = await ctx.storage.ack(request.accountSid!, [...new Set(ids)]);
      ctx.metrics.acks.inc(acked);
      ctx.logger.debug({ account: request.accountSid, requested: ids.length, acked }, 'messages acknowledged');
      return reply.send({ acked });
    },
  );

  registerInboxStream(app, ctx, preHandler);
}

async function longPoll(ctx: ProxyContext, request: FastifyRequest, reply: FastifyReply) {
  const accountSid = request.accountSid!;
  const { wait, limit, to } = request.query as { wait: number; limit: number; to?: string[] };
  const numbers = routeNumbersOf(to);
  if (numbersMissing(ctx.config.accounts[accountSid], numbers)) return sendError(reply, 400, NUMBERS_REQUIRED.code, NUMBERS_REQUIRED.message);
  const lease = () => ctx.storage.lease(accountSid, { now: ctx.clock.now(), leaseMs: ctx.config.leaseSeconds * 1000, limit, numbers });
  const respond = (messages: Awaited<ReturnType<typeof lease>>) => {
    ctx.metrics.deliveries.inc({ channel: 'poll' }, messages.length);
    return reply.send({ messages: messages.map(toClientMessage), leaseSeconds: ctx.config.leaseSeconds });
  };

  // Subscribe before the first look, so a message stored in between still wakes us.
  let woken = false;
  let wake: () => void = () => undefined;
  const unsubscribe = ctx.waiters.subscribe(
    accountSid,
    () => {
      woken = true;
      wake();
    },
    numbers,
  );
  try {
    const first = await lease();
    if (first.length > 0 || wait === 0) return respond(first);
    if (ctx.sessions.size >= ctx.config.stream.maxTotal) {
      return sendError(reply, 503, 'busy', 'too many clients waiting; retry shortly', 1000);
    }
    const deadline = Date.now() + wait * 1000;
    // The socket would otherwise hit the idle timeout while we wait.
    request.raw.socket.setTimeout((wait + ctx.config.timeouts.idleSeconds) * 1000);
    let gone = false;
    const session = {
      end: () => {
        gone = true;
        woken = true;
        wake();
      },
    };
    const onClose = () => session.end();
    reply.raw.once('close', onClose);
    ctx.sessions.add(session);
    ctx.metrics.waitingPolls.inc();
    try {
      for (;;) {
        const remaining = deadline - Date.now();
        if (!woken) {
          if (remaining <= 0) return respond([]);
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, remaining);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
        woken = false;
        if (gone) return respond([]);
        const messages = await lease();
        if (messages.length > 0) return respond(messages);
      }
    } finally {
      reply.raw.off('close', onClose);
      ctx.sessions.delete(session);
      ctx.metrics.waitingPolls.dec();
    }
  } finally {
    unsubscribe();
  }
}
