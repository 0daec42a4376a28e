/*
 * Deciding which config values must never be printed. A value is secret when its schema says
 * `"x-secret": true`, when its key name looks like a credential, or when it came from an
 * environment variable (the usual way secrets get into the file).
 */

const SECRET_KEY = /(token|secret|password|passwd|passphrase|apikey|api_key|privatekey|private_key|credential|authorization)/i;

/** True when a key name (last path segment) looks like it holds a credential. */
export function looksLikeSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/** True when any segment of a dotted path looks like a credential key. */
export function isSecretPath(dottedPath: string): boolean {
  return dottedPath.split('.').some(looksLikeSecretKey);
}
