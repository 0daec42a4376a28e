/** Name of the session cookie. */
export const SESSION_COOKIE = 'ca_session';

/** The value of one cookie from a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** A cookie path the browser scopes by: `/`, or `/c/north/` for a clinic served under a prefix. */
const COOKIE_PATH = /^\/(?:[A-Za-z0-9._~-]+\/)*$/;

/** Checks a session cookie path (it goes into a header verbatim); returns it, or throws. */
export function checkCookiePath(path: string): string {
  if (!COOKIE_PATH.test(path)) throw new Error(`cookie path must start and end with "/" and hold only letters, digits and ._~-: ${JSON.stringify(path)}`);
  return path;
}

/**
 * `Set-Cookie` for the session: HttpOnly (scripts cannot read it), SameSite=Strict (no
 * cross-site request carries it), host-only (no Domain), Secure behind TLS. `path` scopes it:
 * `/` for a one-clinic host, `/c/<id>/` for a clinic of a fleet host, so one clinic's
 * session never travels to another clinic's app. `maxAgeSeconds` 0 deletes it.
 */
export function sessionCookie(value: string, options: { maxAgeSeconds: number; secure: boolean; path?: string }): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    `Path=${checkCookiePath(options.path ?? '/')}`,
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}
