import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendError, type ProxyContext } from './context.js';
import type { InboxKind } from './storage/types.js';
import { twimlResponse } from './twiml.js';
import { accountSidOf, messageFromParams, type RejectReason } from './twilio-params.js';
import { validTwilioSignature } from './twilio-signature.js';

/** Paths Twilio posts to (set them in the Twilio console as `<publicUrl>/twilio` and `<publicUrl>/twilio/status`). */
export const WEBHOOK_PATHS = { sms: '/twilio', status: '/twilio/status' } as const;

const BAD_SIGNATURE_LOG_INTERVAL_MS = 60_000;

/**
 * `POST /twilio` (incoming SMS) and `POST /twilio/status` (delivery status callbacks).
 * Order of checks: size and form encoding (413/400, before any work), AccountSid shape (400),
 * account configured (403), X-Twilio-Signature over publicUrl + path + query (403),
 * per-account rate (429), field shapes (400); then a durable, idempotent write.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: ProxyContext): void {
  const lastBadSignatureLog = new Map<string, number>();

  const handle = (kind: InboxKind) => {
    // Bound once: a labelled lookup per webhook is measurable at thousands per second.
    const accepted = ctx.metrics.webhooks.labels(kind, 'accepted');
    const duplicate = ctx.metrics.webhooks.labels(kind, 'duplicate');
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const reject = (status: number, outcome: RejectReason, message: string, retryAfterMs?: number) => {
        ctx.metrics.webhooks.inc({ kind, outcome });
        return sendError(reply, status, outcome, message, retryAfterMs);
      };
      const params = request.body as Record<string, string> | undefined;
      const form = /^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers['content-type'] ?? '');
      if (!form || !params || typeof params !== 'object') return reject(400, 'malformed', 'expected an application/x-www-form-urlencoded body');
      const accountSid = accountSidOf(params);
      if (!accountSid) return reject(400, 'malformed', 'AccountSid is missing or malformed');
      const account = ctx.config.accounts[accountSid];
      if (!Object.hasOwn(ctx.config.accounts, accountSid) || !account) return reject(403, 'unknown_account', 'this proxy does not serve that account');

      const signature = request.headers['x-twilio-signature'];
      const url = ctx.config.publicUrl + request.url;
      if (typeof signature !== 'string' || !validTwilioSignature(account.authToken, signature, url, params)) {
        const now = ctx.clock.now();
        if (now - (lastBadSignatureLog.get(accountSid) ?? -Infinity) >= BAD_SIGNATURE_LOG_INTERVAL_MS) {
          lastBadSignatureLog.set(accountSid, now);
          ctx.logger.warn({ account: accountSid, path: request.routeOptions.url, signed: typeof signature === 'string' },
            'webhook signature check failed (if every webhook fails, check publicUrl matches the URL set in the Twilio console)');
        }
        return reject(403, 'bad_signature', 'X-Twilio-Signature is missing or wrong');
      }
      const waitMs = ctx.limits.perAccount.take(accountSid);
      if (waitMs > 0) {
        ctx.metrics.rateLimited.inc({ scope: 'account' });
        return reject(429, 'rate_limited', 'too many requests for this account', waitMs);
      }
      const message = messageFromParams(kind, params, ctx.clock.now());
      if (!message) return reject(400, 'malformed', 'MessageSid, From, To, Body or MessageStatus is missing or malformed');

      let stored: boolean;
      try {
        stored = await ctx.storage.insert(message);
      } catch (error) {
        ctx.logger.error({ account: accountSid, messageSid: message.messageSid, err: { message: (error as Error).message } }, 'could not store webhook');
        return sendError(reply, 503, 'storage_unavailable', 'could not store the message; Twilio may retry');
      }
      (stored ? accepted : duplicate).inc();
      ctx.webhookLog.count(stored);
      ctx.logger.debug({ account: accountSid, messageSid: message.messageSid, kind, duplicate: !stored }, stored ? 'webhook stored' : 'webhook was a duplicate');
      if (kind === 'status') return reply.code(204).send();
      return reply.code(200).type('text/xml; charset=utf-8').send(twimlResponse(account.autoReply));
    };
  };

  const routeOptions = { bodyLimit: ctx.config.bodyLimitBytes };
  app.post(WEBHOOK_PATHS.sms, routeOptions, handle('sms'));
  app.post(WEBHOOK_PATHS.status, routeOptions, handle('status'));
}
