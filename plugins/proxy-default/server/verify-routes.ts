import type { FastifyInstance } from 'fastify';
import { sendError, type ProxyContext } from './context.js';
import { checkJoinAttempt, JOIN_LOCK_ID_PATTERN, JOIN_PROOF_PATTERN } from './join-attempt.js';
import { VERIFY_PAGE_HEADERS, VERIFY_PATH, verifyPageFiles } from './verify-page/index.js';

/** Where the page posts a code attempt. */
export const VERIFY_ATTEMPT_PATH = `${VERIFY_PATH}/attempt`;

/**
 * The join gate's public routes (anyone on the internet may call them):
 * - `GET /verify` and `GET /verify/assets/*`: the static page (verify-page/), strict CSP.
 * - `POST /verify/attempt` `{ lockId, proof }` → 200 `{ state: 'ok', sealed }` |
 *   `{ state: 'wrong', attemptsLeft }` | `{ state: 'locked' }` | `{ state: 'code-expired' }`,
 *   404 `{ state: 'expired' }` (unknown and expired alike), 429 with Retry-After past the
 *   per-address attempt rate (counted before the body is even read).
 * Nothing of a request (lock id, proof) is logged; only the outcome, at debug.
 */
export function registerVerifyRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  for (const [path, file] of verifyPageFiles()) {
    app.get(path, (_request, reply) => reply.headers(VERIFY_PAGE_HEADERS).type(file.contentType).send(file.body));
  }

  app.post(
    VERIFY_ATTEMPT_PATH,
    {
      bodyLimit: 1024,
      onRequest: (request, reply, done) => {
        const waitMs = ctx.limits.joinAttempts.take(request.ip);
        if (waitMs === 0) return done();
        ctx.metrics.rateLimited.inc({ scope: 'join_attempt' });
        void sendError(reply.header('cache-control', 'no-store'), 429, 'rate_limited', 'too many code attempts from this address', waitMs);
      },
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['lockId', 'proof'],
          properties: {
            lockId: { type: 'string', pattern: JOIN_LOCK_ID_PATTERN.source },
            proof: { type: 'string', pattern: JOIN_PROOF_PATTERN.source },
          },
        },
      },
    },
    async (request, reply) => {
      const { lockId, proof } = request.body as { lockId: string; proof: string };
      const answer = await checkJoinAttempt(ctx.storage, lockId, proof, ctx.clock.now());
      ctx.metrics.joinAttempts.inc({ outcome: answer.state.replace('-', '_') });
      ctx.logger.debug({ outcome: answer.state }, 'join code attempt');
      return reply
        .code(answer.state === 'expired' ? 404 : 200)
        .header('cache-control', 'no-store')
        .send(answer);
    },
  );
}
