import type { FastifyInstance } from 'fastify';
import { sendError, type ProxyContext } from './context.js';
import { NUMBERS_REQUIRED, numbersMissing } from './route-numbers.js';
import { ACCOUNT_SID } from './twilio-params.js';

/**
 * INSECURE compatibility endpoint for the original ClinicArrivals clients:
 * `GET /twilio?AccountSid=AC…` → `{"messages":[{"from","date","body"}]}`. Anyone who knows
 * the Account SID can read (and thereby remove) the account's replies, so it is off unless
 * `legacyEndpoint: true`. Messages returned are treated as delivered and deleted at once.
 */
export function registerLegacyRoute(app: FastifyInstance, ctx: ProxyContext): void {
  app.get('/twilio', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const accountSid = typeof query.AccountSid === 'string' ? query.AccountSid : '';
    if (!ACCOUNT_SID.test(accountSid)) return sendError(reply, 400, 'malformed', 'AccountSid is missing or malformed');
    if (!Object.hasOwn(ctx.config.accounts, accountSid)) return sendError(reply, 403, 'unknown_account', 'this proxy does not serve that account');
    // It cannot name numbers, so on a shared account it would hand out every clinic's replies.
    if (numbersMissing(ctx.config.accounts[accountSid], undefined)) return sendError(reply, 400, NUMBERS_REQUIRED.code, NUMBERS_REQUIRED.message);
    const waitMs = ctx.limits.perAccount.take(accountSid);
    if (waitMs > 0) {
      ctx.metrics.rateLimited.inc({ scope: 'account' });
      return sendError(reply, 429, 'rate_limited', 'too many requests for this account', waitMs);
    }
    const taken = await ctx.storage.take(accountSid, { now: ctx.clock.now(), limit: 100, kind: 'sms' });
    ctx.metrics.deliveries.inc({ channel: 'legacy' }, taken.length);
    if (taken.length > 0) ctx.logger.info({ account: accountSid, count: taken.length }, 'messages handed out through the legacy endpoint');
    return reply.send({
      messages: taken.map((m) => ({ from: m.from, date: new Date(m.receivedAt).toISOString(), body: m.body })),
    });
  });
}
