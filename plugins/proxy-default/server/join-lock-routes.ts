import type { FastifyInstance } from 'fastify';
import { clientAuth } from './client-auth.js';
import { sendError, type ProxyContext } from './context.js';
import { JOIN_LOCK_ID_PATTERN, JOIN_PROOF_PATTERN } from './join-attempt.js';

/** Path of the join locks in the client API. */
export const JOIN_LOCK_PATH = '/v1/join-locks/:lockId';

/** A lock never outlives this, whatever the client asks for. */
export const JOIN_LOCK_MAX_LIFETIME_MS = 24 * 3_600_000;
/** Largest sealed target (base64url characters). */
const MAX_SEALED_LENGTH = 8192;
/** ISO 8601 with a time and a zone (what `Date#toISOString` and the host write). */
const ISO_DATE_TIME = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

const paramsSchema = {
  type: 'object',
  required: ['lockId'],
  properties: { lockId: { type: 'string', pattern: JOIN_LOCK_ID_PATTERN.source } },
} as const;

/**
 * The join gate's client routes (authenticated like the rest of the client API):
 * - `PUT /v1/join-locks/:lockId` `{ sealed, proof, codeExpiresAt, expiresAt }` → 204: stores or
 *   replaces the lock (clearing wrong attempts and the lock-out); 409 when the id is another
 *   account's live lock.
 * - `DELETE /v1/join-locks/:lockId` → 204, whether or not there was such a lock of this account.
 * Neither the lock id nor anything of the body is logged.
 */
export function registerJoinLockRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const preHandler = clientAuth(ctx);

  app.put(
    JOIN_LOCK_PATH,
    {
      preHandler,
      bodyLimit: 16 * 1024,
      schema: {
        params: paramsSchema,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['sealed', 'proof', 'codeExpiresAt', 'expiresAt'],
          properties: {
            sealed: { type: 'string', minLength: 40, maxLength: MAX_SEALED_LENGTH, pattern: '^[A-Za-z0-9_-]+$' },
            proof: { type: 'string', pattern: JOIN_PROOF_PATTERN.source },
            codeExpiresAt: { type: 'string', maxLength: 40, pattern: ISO_DATE_TIME },
            expiresAt: { type: 'string', maxLength: 40, pattern: ISO_DATE_TIME },
          },
        },
      },
    },
    async (request, reply) => {
      const { lockId } = request.params as { lockId: string };
      const body = request.body as { sealed: string; proof: string; codeExpiresAt: string; expiresAt: string };
      const asked = { codeExpiresAt: Date.parse(body.codeExpiresAt), expiresAt: Date.parse(body.expiresAt) };
      if (!Number.isFinite(asked.codeExpiresAt) || !Number.isFinite(asked.expiresAt)) {
        return sendError(reply, 400, 'invalid_request', 'codeExpiresAt and expiresAt must be ISO 8601 dates');
      }
      const now = ctx.clock.now();
      const expiresAt = Math.min(asked.expiresAt, now + JOIN_LOCK_MAX_LIFETIME_MS);
      const stored = await ctx.storage.putJoinLock(
        {
          accountSid: request.accountSid!,
          lockId,
          sealed: body.sealed,
          proof: body.proof,
          codeExpiresAt: Math.min(asked.codeExpiresAt, expiresAt),
          expiresAt,
          publishedAt: now,
        },
        now,
      );
      if (!stored) return sendError(reply, 409, 'conflict', 'this lock id is taken; use a new random one');
      ctx.metrics.joinLocks.inc({ action: 'put' });
      ctx.logger.debug({ account: request.accountSid }, 'join lock published');
      return reply.code(204).send();
    },
  );

  app.delete(JOIN_LOCK_PATH, { preHandler, schema: { params: paramsSchema } }, async (request, reply) => {
    const { lockId } = request.params as { lockId: string };
    await ctx.storage.deleteJoinLock(request.accountSid!, lockId);
    ctx.metrics.joinLocks.inc({ action: 'delete' });
    ctx.logger.debug({ account: request.accountSid }, 'join lock withdrawn');
    return reply.code(204).send();
  });
}
