import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Logger } from '@clinic-arrivals/plugin-kit';

/** Marks a request one replica passed to another: it is never passed on again (no loops). */
export const FORWARDED_HEADER = 'x-clinic-arrivals-forwarded';

/**
 * Headers that belong to one connection, not to the request (RFC 9110 §7.6.1). `host` stays:
 * the owner checks a browser's Origin against the address the browser used.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

/**
 * Passes a clinic's request to the replica working that clinic and streams its answer back
 * (event streams included), so staff reach their clinic through any replica. The body, the
 * cookie and the bearer token go through unchanged: the owner checks them as its own.
 */
export function forwardToReplica(req: IncomingMessage, res: ServerResponse, ownerUrl: string, logger: Logger): void {
  const target = new URL(req.url ?? '/', ownerUrl);
  const headers: Record<string, string | string[]> = { [FORWARDED_HEADER]: '1' };
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const upstream = send(target, { method: req.method, headers }, (answer) => {
    const out: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
    res.writeHead(answer.statusCode ?? 502, out);
    answer.pipe(res);
  });
  upstream.on('error', (error) => {
    logger.warn({ err: error.message }, 'the replica working the clinic did not answer a forwarded request');
    if (!res.headersSent) {
      res.writeHead(503, { 'content-type': 'application/json; charset=utf-8', 'retry-after': '5' });
      res.end(JSON.stringify({ error: 'the replica working this clinic is not answering; try again in a few seconds' }));
    } else res.destroy();
  });
  // A closed browser tab ends the forwarded event stream too.
  res.on('close', () => upstream.destroy());
  req.pipe(upstream);
}
