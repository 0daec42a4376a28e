import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

/** Which hops of `X-Forwarded-For` to believe: `hop` 0 is the socket's own peer. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The trust rule for the `trustProxy` setting: `false` trusts no forwarded address, `true`
 * every one, a number that many reverse proxies in front of us. Fastify's routes and the raw
 * webhook routes use the same rule, so one client has one rate-limit bucket on both.
 */
export function trustProxyRule(setting: boolean | number): TrustProxy | false {
  if (setting === false) return false;
  if (setting === true) return () => true;
  return (_address, hop) => hop < setting;
}

/** The client's address as the per-address rate limit sees it. */
export function clientAddress(request: IncomingMessage, trust: TrustProxy | false): string {
  if (!trust) return request.socket.remoteAddress ?? '';
  return proxyAddr(request, trust);
}
