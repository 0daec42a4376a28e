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
 * exists.
 *
 * Failures are throttled per key id (the AccountSid) and client address together: after 10
 * failures, wrong keys for that account from that address get 429 until the bucket refills.
 * The throttle never refuses the right key: behind a load balancer without `trustProxy`
 * every client shares the balancer's address, and refusing by address alone let anyone
 * lock every clinic out of its replies. A throttled key id costs no scrypt once its key has
 * been seen (see ClientKeyVerifier.verifyThrottled).
 */
export function clientAuth(ctx: ProxyContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    // Only a well-formed SID names a bucket (bounded key size); anything else shares one per address.
    const accountSid = match && ACCOUNT_SID.test(match[1]!) ? match[1]! : undefined;
    const key = match?.[2];
    const throttleKey = `${accountSid ?? '-'} ${request.ip}`;
    const blockedMs = ctx.limits.authFailures.waitFor(throttleKey);
    let ok = false;
    if (accountSid !== undefined && key !== undefined) {
      ok = await (blockedMs > 0 ? ctx.verifier.verifyThrottled(accountSid, key) : ctx.verifier.verify(accountSid, key));
    }
    if (!ok) {
      if (blockedMs > 0) {
        ctx.metrics.rateLimited.inc({ scope: 'auth' });
        await sendError(reply, 429, 'rate_limited', 'too many failed authentications for this account from this address', blockedMs);
        return;
      }
      ctx.metrics.clientAuthFailures.inc();
      ctx.limits.authFailures.take(throttleKey);
      reply.header('www-authenticate', 'Bearer realm="clinic-arrivals-proxy"');
      await sendError(reply, 401, 'unauthorized', 'send Authorization: Bearer <AccountSid>:<client key>');
      return;
    }
    const waitMs = ctx.limits.perAccount.take(accountSid!);
    if (waitMs > 0) {
      ctx.metrics.rateLimited.inc({ scope: 'account' });
      await sendError(reply, 429, 'rate_limited', 'too many requests for this account', waitMs);
      return;
    }
    request.accountSid = accountSid;
  };
}
