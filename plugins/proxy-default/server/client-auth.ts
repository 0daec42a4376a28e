import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendError, type ProxyContext } from './context.js';
import { ACCOUNT_SID } from './twilio-params.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The account a client API request authenticated as (set by the auth hook). */
    accountSid?: string;
  }
}

const BEARER = /^Bearer ([^\s:]+):(\S{1,512})$/;

/**
 * preHandler of the client API: `Authorization: Bearer <AccountSid>:<client key>`.
 * The key is checked against the account's scrypt hash (cached after the first success);
 * the SID alone proves nothing. Failures answer 401 without saying whether the account
 * exists, and each costs the client address a token of a slow bucket, so guessing keys is
 * throttled on top of scrypt.
 */
export function clientAuth(ctx: ProxyContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const blockedMs = ctx.limits.authFailures.waitFor(request.ip);
    if (blockedMs > 0) {
      ctx.metrics.rateLimited.inc({ scope: 'auth' });
      await sendError(reply, 429, 'rate_limited', 'too many failed authentications from this address', blockedMs);
      return;
    }
    const match = BEARER.exec(request.headers.authorization ?? '');
    const accountSid = match?.[1];
    const key = match?.[2];
    const ok = accountSid !== undefined && key !== undefined && ACCOUNT_SID.test(accountSid) && (await ctx.verifier.verify(accountSid, key));
    if (!ok) {
      ctx.metrics.clientAuthFailures.inc();
      ctx.limits.authFailures.take(request.ip);
      reply.header('www-authenticate', 'Bearer realm="clinic-arrivals-proxy"');
      await sendError(reply, 401, 'unauthorized', 'send Authorization: Bearer <AccountSid>:<client key>');
      return;
    }
    const waitMs = ctx.limits.perAccount.take(accountSid);
    if (waitMs > 0) {
      ctx.metrics.rateLimited.inc({ scope: 'account' });
      await sendError(reply, 429, 'rate_limited', 'too many requests for this account', waitMs);
      return;
    }
    request.accountSid = accountSid;
  };
}
