import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientAddress, trustProxyRule } from './client-address.js';
import type { ProxyContext } from './context.js';
import { replyEmpty, replyError, replyText } from './http-reply.js';
import { readLimitedBody } from './read-body.js';
import type { InboxKind } from './storage/types.js';
import { twimlResponse } from './twiml.js';
import { accountSidOf, messageFromParams, parseForm, REJECT_REASONS, type RejectReason } from './twilio-params.js';
import { validTwilioSignature } from './twilio-signature.js';

/** Paths Twilio posts to (set them in the Twilio console as `<publicUrl>/twilio` and `<publicUrl>/twilio/status`). */
export const WEBHOOK_PATHS = { sms: '/twilio', status: '/twilio/status' } as const;

/** Answers a request it serves and returns true; returns false for anything else. */
export type RawRoute = (request: IncomingMessage, response: ServerResponse) => boolean;

const BAD_SIGNATURE_LOG_INTERVAL_MS = 60_000;
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const EXPECTED_FORM = 'expected an application/x-www-form-urlencoded body';
const TWIML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * `POST /twilio` (incoming SMS) and `POST /twilio/status` (delivery status callbacks), served
 * on node:http directly rather than through fastify: they are the proxy's hot path (every
 * text of every patient), and fastify's routing, hooks and reply pipeline cost more than the
 * checks below together. Every other route stays on fastify.
 *
 * Order of checks: per-address rate (429), form encoding (400), size (413, before reading
 * more than the limit), AccountSid shape (400), account configured (403),
 * X-Twilio-Signature over publicUrl + path + query (403), per-account rate (429), field
 * shapes (400); then a durable, idempotent write, answered only after the commit.
 */
export function createWebhookRoutes(ctx: ProxyContext): RawRoute {
  const lastBadSignatureLog = new Map<string, number>();
  const routes = new Map<string, (request: IncomingMessage, response: ServerResponse, url: string) => void>([
    [WEBHOOK_PATHS.sms, webhookRoute(ctx, 'sms', lastBadSignatureLog)],
    [WEBHOOK_PATHS.status, webhookRoute(ctx, 'status', lastBadSignatureLog)],
  ]);
  return (request, response) => {
    if (request.method !== 'POST') return false;
    const url = request.url ?? '';
    const queryAt = url.indexOf('?');
    const route = routes.get(queryAt === -1 ? url : url.slice(0, queryAt));
    if (!route) return false;
    route(request, response, url);
    return true;
  };
}

function webhookRoute(ctx: ProxyContext, kind: InboxKind, lastBadSignatureLog: Map<string, number>) {
  const { config, metrics, limits, logger } = ctx;
  const trust = trustProxyRule(config.trustProxy);
  // Bound once: a labelled lookup per webhook is measurable at thousands per second.
  const accepted = metrics.webhooks.labels(kind, 'accepted');
  const duplicate = metrics.webhooks.labels(kind, 'duplicate');
  const rejected = Object.fromEntries(REJECT_REASONS.map((reason) => [reason, metrics.webhooks.labels(kind, reason)])) as Record<RejectReason, { inc(): void }>;

  /** `unread`: the body was not read; closing the connection beats reading it only to discard it. */
  const reject = (
    response: ServerResponse,
    status: number,
    outcome: RejectReason,
    message: string,
    options: { retryAfterMs?: number; unread?: boolean } = {},
  ) => {
    rejected[outcome].inc();
    replyError(response, status, outcome, message, { retryAfterMs: options.retryAfterMs, close: options.unread });
  };

  const logBadSignature = (accountSid: string, signed: boolean) => {
    const now = ctx.clock.now();
    if (now - (lastBadSignatureLog.get(accountSid) ?? -Infinity) < BAD_SIGNATURE_LOG_INTERVAL_MS) return;
    lastBadSignatureLog.set(accountSid, now);
    logger.warn(
      { account: accountSid, path: WEBHOOK_PATHS[kind], signed },
      'webhook signature check failed (if every webhook fails, check publicUrl matches the URL set in the Twilio console)',
    );
  };

  const answer = (response: ServerResponse, account: { autoReply?: string }) => {
    if (kind === 'status') return replyEmpty(response, 204);
    replyText(response, 200, TWIML_CONTENT_TYPE, twimlResponse(account.autoReply));
  };

  const store = (response: ServerResponse, url: string, signature: string | string[] | undefined, body: string) => {
    const params = parseForm(body);
    if (!params) return reject(response, 400, 'malformed', EXPECTED_FORM);
    const accountSid = accountSidOf(params);
    if (!accountSid) return reject(response, 400, 'malformed', 'AccountSid is missing or malformed');
    const account = Object.hasOwn(config.accounts, accountSid) ? config.accounts[accountSid] : undefined;
    if (!account) return reject(response, 403, 'unknown_account', 'this proxy does not serve that account');
    if (typeof signature !== 'string' || !validTwilioSignature(account.authToken, signature, config.publicUrl + url, params)) {
      logBadSignature(accountSid, typeof signature === 'string');
      return reject(response, 403, 'bad_signature', 'X-Twilio-Signature is missing or wrong');
    }
    const waitMs = limits.perAccount.take(accountSid);
    if (waitMs > 0) {
      metrics.rateLimited.inc({ scope: 'account' });
      return reject(response, 429, 'rate_limited', 'too many requests for this account', { retryAfterMs: waitMs });
    }
    const message = messageFromParams(kind, params, ctx.clock.now());
    if (!message) return reject(response, 400, 'malformed', 'MessageSid, From, To, Body or MessageStatus is missing or malformed');

    ctx.storage.insert(message).then(
      (stored) => {
        (stored ? accepted : duplicate).inc();
        ctx.webhookLog.count(stored);
        logger.debug({ account: accountSid, messageSid: message.messageSid, kind, duplicate: !stored }, stored ? 'webhook stored' : 'webhook was a duplicate');
        answer(response, account);
      },
      (error: Error) => {
        logger.error({ account: accountSid, messageSid: message.messageSid, err: { message: error.message } }, 'could not store webhook');
        replyError(response, 503, 'storage_unavailable', 'could not store the message; Twilio may retry');
      },
    );
  };

  return (request: IncomingMessage, response: ServerResponse, url: string) => {
    if (ctx.closing) return replyError(response, 503, 'closing', 'the proxy is shutting down; Twilio will retry', { close: true });
    const waitMs = limits.perIp.take(clientAddress(request, trust));
    if (waitMs > 0) {
      metrics.rateLimited.inc({ scope: 'ip' });
      return reject(response, 429, 'rate_limited', 'too many requests from this address', { retryAfterMs: waitMs, unread: true });
    }
    // Twilio only ever sends form bodies: anything else is malformed, and not worth reading.
    if (!FORM_CONTENT_TYPE.test(request.headers['content-type'] ?? '')) return reject(response, 400, 'malformed', EXPECTED_FORM, { unread: true });
    const signature = request.headers['x-twilio-signature'];
    readLimitedBody(request, config.bodyLimitBytes, (failure, body) => {
      if (failure === 'aborted') return; // the client is gone: nobody to answer
      if (failure === 'too_large') return reject(response, 413, 'too_large', 'request body is too large', { unread: true });
      try {
        store(response, url, signature, body);
      } catch (error) {
        logger.error({ route: WEBHOOK_PATHS[kind], err: { message: (error as Error).message } }, 'request failed');
        if (!response.headersSent) replyError(response, 500, 'internal', 'internal error');
      }
    });
  };
}
