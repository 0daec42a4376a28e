/**
 * A stand-in for a SMART Backend Services token endpoint (authorization server), speaking the
 * real protocol: `POST /token` with a form body, `client_credentials` grant and a private-key
 * JWT assertion, which it verifies for signature, issuer/subject, audience, expiry, a lifetime
 * of at most five minutes and a fresh `jti`. Answers RFC 6749 JSON, errors included.
 */
import { randomUUID, type KeyObject } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import type { Clock } from '@clinic-arrivals/plugin-kit';

export interface RegisteredClient {
  publicKey: KeyObject;
  algorithm: 'RS384' | 'ES384';
}

export interface SmartTokenEndpoint {
  /** The token endpoint URL (also the audience assertions must name). */
  readonly tokenUrl: string;
  /** Why each rejected assertion was rejected, in order. */
  readonly rejections: string[];
  /** Access tokens issued so far. */
  readonly issued: Array<{ token: string; clientId: string; scope: string; expiresAt: number }>;
  /** True when the token was issued here, is not revoked and has not expired (by the shared clock). */
  isValid(token: string): boolean;
  /** Revokes every token issued so far (a server restart, a rotated signing key…). */
  revokeAll(): void;
  close(): Promise<void>;
}

export async function startSmartTokenEndpoint(options: {
  clients: Record<string, RegisteredClient>;
  clock: Clock;
  /** Lifetime of access tokens. @default 300 */
  expiresInSeconds?: number;
}): Promise<SmartTokenEndpoint> {
  const rejections: string[] = [];
  const issued: SmartTokenEndpoint['issued'] = [];
  const revoked = new Set<string>();
  const seenJti = new Set<string>();
  let tokenUrl = '';

  const reply = (res: http.ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const reject = (res: http.ServerResponse, status: number, error: string, why: string) => {
    rejections.push(why);
    reply(res, status, { error, error_description: why });
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/token') return reply(res, 404, { error: 'not_found' });
      if (!req.headers['content-type']?.startsWith('application/x-www-form-urlencoded')) {
        return reject(res, 400, 'invalid_request', 'form body required');
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      if (form.get('grant_type') !== 'client_credentials') return reject(res, 400, 'unsupported_grant_type', 'grant_type');
      if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
        return reject(res, 400, 'invalid_request', 'client_assertion_type');
      }
      const assertion = form.get('client_assertion') ?? '';
      const decoded = jwt.decode(assertion, { complete: true });
      const clientId = typeof decoded?.payload === 'object' ? decoded.payload.iss : undefined;
      const client = clientId ? options.clients[clientId] : undefined;
      if (!client || !clientId) return reject(res, 401, 'invalid_client', 'unknown client');
      let claims: jwt.JwtPayload;
      try {
        claims = jwt.verify(assertion, client.publicKey, {
          algorithms: [client.algorithm],
          audience: tokenUrl,
          issuer: clientId,
          subject: clientId,
          clockTimestamp: Math.floor(options.clock.now() / 1000),
        }) as jwt.JwtPayload;
      } catch (error) {
        return reject(res, 401, 'invalid_client', (error as Error).message);
      }
      if (typeof claims.exp !== 'number' || claims.exp - Math.floor(options.clock.now() / 1000) > 300) {
        return reject(res, 401, 'invalid_client', 'assertion lifetime over five minutes');
      }
      if (!claims.jti || seenJti.has(claims.jti)) return reject(res, 401, 'invalid_client', 'jti missing or replayed');
      seenJti.add(claims.jti);
      const expiresIn = options.expiresInSeconds ?? 300;
      const token = randomUUID();
      const scope = form.get('scope') ?? '';
      issued.push({ token, clientId, scope, expiresAt: options.clock.now() + expiresIn * 1000 });
      reply(res, 200, { access_token: token, token_type: 'bearer', expires_in: expiresIn, scope });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
  return {
    tokenUrl,
    rejections,
    issued,
    isValid: (token) => {
      const grant = issued.find((i) => i.token === token);
      return !!grant && !revoked.has(token) && options.clock.now() < grant.expiresAt;
    },
    revokeAll: () => issued.forEach((i) => revoked.add(i.token)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
