import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sendError, type ProxyContext } from './context.js';

/** `GET /healthz` (storage reachable → 200, else 503) and `GET /metrics` (Prometheus text format). */
export function registerOpsRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  app.get('/healthz', async (_request, reply) => {
    try {
      await ctx.storage.ping();
      return reply.header('cache-control', 'no-store').send({ status: 'ok', storage: ctx.storage.kind });
    } catch (error) {
      ctx.logger.warn({ err: { message: (error as Error).message } }, 'health check failed');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', storage: ctx.storage.kind });
    }
  });

  if (!ctx.config.metrics.enabled) return;
  const token = ctx.config.metrics.token;
  const expected = token === undefined ? undefined : digest(`Bearer ${token}`);
  app.get('/metrics', async (request, reply) => {
    if (expected && !timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
      return sendError(reply, 401, 'unauthorized', 'send Authorization: Bearer <metrics token>');
    }
    const body = await ctx.metrics.registry.metrics();
    return reply.type(ctx.metrics.registry.contentType).header('cache-control', 'no-store').send(body);
  });
}

/** Fixed-length digests, so the comparison is constant-time whatever was sent. */
function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
