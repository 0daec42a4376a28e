import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { FhirAuthOptions } from './options.js';
import { SmartBackendAuthProvider, type SmartFetch } from './smart-auth.js';

/** Supplies the Authorization header for FHIR requests. */
export interface AuthProvider {
  /** Checks what can be checked without the network (key files…). Throws ConfigError. */
  prepare(): Promise<void>;
  /** Authorization header value for the next request, or undefined for none. */
  header(): Promise<string | undefined>;
  /** Forgets a rejected credential; true when a fresh one may be fetched (worth one more try). */
  invalidate(): boolean;
  /** Log-safe one-liner, e.g. `bearer token` (never the secret). */
  readonly description: string;
}

class StaticAuthProvider implements AuthProvider {
  constructor(
    private readonly value: string | undefined,
    readonly description: string,
  ) {}
  async prepare(): Promise<void> {}
  async header(): Promise<string | undefined> {
    return this.value;
  }
  invalidate(): boolean {
    return false;
  }
}

export interface AuthDeps {
  baseUrl: string;
  configDir: string;
  clock: Clock;
  timeoutMs: number;
  fetch?: SmartFetch;
}

/** Builds the provider for the configured auth type. No I/O. */
export function createAuthProvider(auth: FhirAuthOptions, deps: AuthDeps): AuthProvider {
  switch (auth.type) {
    case 'none':
      return new StaticAuthProvider(undefined, 'no authentication');
    case 'bearer':
      return new StaticAuthProvider(`Bearer ${auth.token}`, 'bearer token');
    case 'basic': {
      const encoded = Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64');
      return new StaticAuthProvider(`Basic ${encoded}`, 'basic authentication');
    }
    case 'smart-backend':
      return new SmartBackendAuthProvider(auth, deps);
  }
}
