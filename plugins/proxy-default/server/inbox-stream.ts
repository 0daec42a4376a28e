import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { toClientMessage } from './client-message.js';
import { sendError, type ProxyContext } from './context.js';
import { NUMBERS_REQUIRED, numbersMissing, routeNumbersOf, toQuerySchema } from './route-numbers.js';
import type { InboxMessage } from './storage/types.js';

const STREAM_PATH = '/v1/inbox/stream';
const BATCH = 100;

/** One SSE event per message: `id:` the message id, `event: message`, `data:` its JSON (one line). */
export function formatStreamEvent(message: InboxMessage): string {
  return `id: ${message.id}\nevent: message\ndata: ${JSON.stringify(toClientMessage(message))}\n\n`;
}

/**
 * `GET /v1/inbox/stream`: Server-Sent Events. On connect the server sends `retry: <ms>`, then
 * every available message (leased, as with polls), then each new one as it is stored.
 * Every `heartbeatSeconds` it writes a `: heartbeat` comment and looks again, which also
 * re-sends messages whose lease ran out unacknowledged. `Last-Event-ID` is not needed:
 * redelivery is driven by leases and acks, not by the stream position. `to=<E.164>`
 * (repeated) limits the stream to those clinic numbers, as on the poll.
 */
export function registerInboxStream(app: FastifyInstance, ctx: ProxyContext, preHandler: preHandlerAsyncHookHandler): void {
  const openPerAccount = new Map<string, number>();

  const schema = { querystring: { type: 'object', properties: { to: toQuerySchema } } };
  app.get(STREAM_PATH, { preHandler, schema }, (request, reply) => {
    const accountSid = request.accountSid!;
    const numbers = routeNumbersOf((request.query as { to?: string[] }).to);
    if (numbersMissing(ctx.config.accounts[accountSid], numbers)) return sendError(reply, 400, NUMBERS_REQUIRED.code, NUMBERS_REQUIRED.message);
    const open = openPerAccount.get(accountSid) ?? 0;
    if (open >= ctx.config.stream.maxPerAccount) {
      return sendError(reply, 429, 'too_many_streams', `at most ${ctx.config.stream.maxPerAccount} open streams per account`, ctx.config.stream.retryMs);
    }
    if (ctx.sessions.size >= ctx.config.stream.maxTotal) {
      return sendError(reply, 503, 'busy', 'too many clients connected; retry shortly', ctx.config.stream.retryMs);
    }
    openPerAccount.set(accountSid, open + 1);
    reply.hijack();
    const res = reply.raw;
    const heartbeatMs = ctx.config.stream.heartbeatSeconds * 1000;
    request.raw.socket.setTimeout(heartbeatMs * 2 + ctx.config.timeouts.idleSeconds * 1000);
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Tells nginx-style reverse proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${ctx.config.stream.retryMs}\n: connected\n\n`);

    let ended = false;
    let pumping = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          // A slow reader gets nothing more until it drains: leased messages would only pile up in memory.
          if (ended || res.writableNeedDrain) return;
          const messages = await ctx.storage.lease(accountSid, {
            now: ctx.clock.now(),
            leaseMs: ctx.config.leaseSeconds * 1000,
            limit: BATCH,
            numbers,
          });
          if (ended) return; // leased for a connection that is gone: they come back when the lease ends
          if (messages.length > 0) {
            res.write(messages.map(formatStreamEvent).join(''));
            ctx.metrics.deliveries.inc({ channel: 'stream' }, messages.length);
          }
          if (messages.length === BATCH) again = true;
        } while (again);
      } catch (error) {
        ctx.logger.warn(
          { account: accountSid, err: { message: (error as Error).message } },
          'stream could not read messages; will retry at the next heartbeat',
        );
      } finally {
        pumping = false;
      }
    };

    const unsubscribe = ctx.waiters.subscribe(accountSid, () => void pump(), numbers);
    const heartbeat = setInterval(() => {
      res.write(': heartbeat\n\n');
      void pump();
    }, heartbeatMs);
    const session = { end: () => res.end() };
    ctx.sessions.add(session);
    ctx.metrics.streamClients.inc();
    ctx.logger.debug({ account: accountSid }, 'stream opened');
    res.on('drain', () => void pump());
    res.once('close', () => {
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      ctx.sessions.delete(session);
      ctx.metrics.streamClients.dec();
      const left = (openPerAccount.get(accountSid) ?? 1) - 1;
      if (left > 0) openPerAccount.set(accountSid, left);
      else openPerAccount.delete(accountSid);
      ctx.logger.debug({ account: accountSid }, 'stream closed');
    });
    void pump();
  });
}
