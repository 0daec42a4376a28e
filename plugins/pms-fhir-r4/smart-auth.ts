import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { withRemoteDetail } from '@clinic-arrivals/plugin-kit';
import { AuthError, ConfigError, RateLimitedError, UnreachableError } from '@clinic-arrivals/plugin-kit';
import type { AuthDeps, AuthProvider } from './auth.js';
import { networkCodeOf, PMS_AUTH_ERROR } from './errors.js';
import type { SmartBackendAuth } from './options.js';

/** The fetch the provider uses (the global one unless a test injects another). */
export type SmartFetch = typeof fetch;

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART Backend Services caps the assertion's lifetime at five minutes. */
const ASSERTION_LIFETIME_S = 300;
const KEY = 'pms.options.auth';

/**
 * OAuth 2.0 error codes (RFC 6749 §5.2, RFC 6750 §3.1): the only part of a token endpoint's
 * refusal that goes into a message. `error_description` is the server's own text and goes to
 * `remoteDetail`.
 */
const OAUTH_ERRORS: ReadonlySet<string> = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_token',
  'insufficient_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
]);

interface CachedToken {
  accessToken: string;
  /** Epoch ms after which the token must not be used any more (refresh margin applied). */
  refreshAt: number;
}

/**
 * SMART Backend Services (client-credentials grant, private-key JWT): discovers the token
 * endpoint, signs a short-lived assertion with RS384/ES384, caches the access token and
 * refreshes it before it expires. Secrets never appear in messages.
 */
export class SmartBackendAuthProvider implements AuthProvider {
  readonly description: string;
  private key?: KeyObject;
  private tokenUrl?: string;
  private cached?: CachedToken;
  private inFlight?: Promise<CachedToken>;
  private readonly fetch: SmartFetch;
  /** Access tokens fetched so far (health and tests). */
  tokensIssued = 0;

  constructor(
    private readonly auth: SmartBackendAuth,
    private readonly deps: AuthDeps,
  ) {
    this.description = `SMART backend services (client ${auth.clientId})`;
    this.fetch = deps.fetch ?? fetch;
  }

  async prepare(): Promise<void> {
    this.key = await this.loadKey();
  }

  async header(): Promise<string> {
    const now = this.deps.clock.now();
    if (this.cached && now < this.cached.refreshAt) return `Bearer ${this.cached.accessToken}`;
    this.inFlight ??= this.requestToken().finally(() => {
      this.inFlight = undefined;
    });
    this.cached = await this.inFlight;
    return `Bearer ${this.cached.accessToken}`;
  }

  invalidate(): boolean {
    this.cached = undefined;
    return true;
  }

  private async loadKey(): Promise<KeyObject> {
    const { privateKey, privateKeyPath, algorithm } = this.auth;
    if (!privateKey === !privateKeyPath) {
      throw new ConfigError('give exactly one of privateKeyPath and privateKey', KEY);
    }
    let pem = privateKey;
    if (privateKeyPath) {
      const file = path.resolve(this.deps.configDir, privateKeyPath);
      try {
        pem = await readFile(file, 'utf8');
      } catch (error) {
        throw new ConfigError(`cannot read the private key file ${file}`, `${KEY}.privateKeyPath`, { cause: error });
      }
    }
    let key: KeyObject;
    try {
      key = createPrivateKey(pem!);
    } catch {
      // No cause: the parser's error may quote the key material.
      throw new ConfigError('the private key is not a readable PEM private key', `${KEY}.${privateKeyPath ? 'privateKeyPath' : 'privateKey'}`);
    }
    const fits =
      algorithm === 'RS384' ? key.asymmetricKeyType === 'rsa' : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1';
    if (!fits) {
      throw new ConfigError(`the private key does not fit ${algorithm} (${algorithm === 'RS384' ? 'RSA' : 'EC P-384'} key needed)`, `${KEY}.algorithm`);
    }
    return key;
  }

  private async discoverTokenUrl(): Promise<string> {
    if (this.auth.tokenUrl) return this.auth.tokenUrl;
    const url = `${this.deps.baseUrl.replace(/\/+$/, '')}/.well-known/smart-configuration`;
    const response = await this.send(url, { headers: { accept: 'application/json' } }, 'SMART discovery');
    if (response.status === 404) {
      throw new ConfigError('no tokenUrl given and the server publishes no .well-known/smart-configuration', `${KEY}.tokenUrl`);
    }
    const body = (await readJson(response)) as { token_endpoint?: unknown } | undefined;
    if (!response.ok || typeof body?.token_endpoint !== 'string') {
      throw new UnreachableError(`SMART discovery failed (${response.status}): no token_endpoint`);
    }
    return body.token_endpoint;
  }

  private async requestToken(): Promise<CachedToken> {
    this.key ??= await this.loadKey();
    this.tokenUrl ??= await this.discoverTokenUrl();
    const nowS = Math.floor(this.deps.clock.now() / 1000);
    const assertion = jwt.sign(
      { iss: this.auth.clientId, sub: this.auth.clientId, aud: this.tokenUrl, jti: randomUUID(), iat: nowS, exp: nowS + ASSERTION_LIFETIME_S },
      this.key,
      { algorithm: this.auth.algorithm, header: { alg: this.auth.algorithm, typ: 'JWT', ...(this.auth.keyId ? { kid: this.auth.keyId } : {}) } },
    );
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: this.auth.scope,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: assertion,
    });
    const response = await this.send(
      this.tokenUrl,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() },
      'token request',
    );
    const body = (await readJson(response)) as { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } | undefined;
    if (response.status === 429) throw new RateLimitedError('token endpoint asks to slow down');
    if (response.status >= 500) throw new UnreachableError(`token endpoint answered ${response.status}`);
    if (!response.ok || typeof body?.access_token !== 'string') {
      const oauthError = typeof body?.error === 'string' && /^[a-z_]{1,40}$/.test(body.error) && OAUTH_ERRORS.has(body.error) ? body.error : undefined;
      const remote = [body?.error, body?.error_description].filter((x) => typeof x === 'string').join(': ');
      throw withRemoteDetail(
        new AuthError(`token endpoint refused client ${this.auth.clientId} (${response.status}${oauthError ? `, ${oauthError}` : ''})`, {
          code: PMS_AUTH_ERROR,
        }),
        remote,
      );
    }
    this.tokensIssued += 1;
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : ASSERTION_LIFETIME_S;
    const marginS = Math.min(this.auth.refreshBeforeExpirySeconds, lifetimeS / 2);
    return { accessToken: body.access_token, refreshAt: this.deps.clock.now() + (lifetimeS - marginS) * 1000 };
  }

  private async send(url: string, init: RequestInit, what: string): Promise<Response> {
    try {
      return await this.fetch(url, { ...init, signal: AbortSignal.timeout(this.deps.timeoutMs) });
    } catch (error) {
      const name = (error as { name?: unknown })?.name;
      const reason = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : (networkCodeOf(error) ?? 'network error');
      throw withRemoteDetail(new UnreachableError(`${what} failed: ${reason}`, { cause: error }), (error as Error)?.message);
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}
