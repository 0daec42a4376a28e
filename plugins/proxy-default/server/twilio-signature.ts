import { createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import twilio from 'twilio';

/**
 * Checks X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, over the URL
 * Twilio requested followed by every POST parameter as key + value, keys sorted.
 *
 * Fast path: the URL exactly as configured (always one of the forms Twilio's own
 * `validateRequest` tries), one HMAC. Only when that does not match does it fall back to
 * `validateRequest`, which also tries the URL with the default port added or removed and
 * normalised forms of it. So the set of accepted signatures is exactly the library's, and a
 * genuine webhook costs one HMAC instead of several URL parses.
 */
export function validTwilioSignature(authToken: string, signature: string, url: string, params: Record<string, string>): boolean {
  // Every form compares 28 base64 characters byte for byte: anything else cannot match.
  if (signature.length !== EXPECTED_LENGTH) return false;
  if (sameSignature(signature, expectedSignature(authToken, url, params))) return true;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // validateRequest parses the URL; a request line it cannot parse is simply not signed.
    return false;
  }
}

/** Length of a base64 SHA-1 digest. */
const EXPECTED_LENGTH = 28;

/** HMAC keys by auth token: importing the key once saves a copy per webhook. */
const hmacKeys = new Map<string, KeyObject>();

function hmacKey(authToken: string): KeyObject {
  let key = hmacKeys.get(authToken);
  if (!key) {
    key = createSecretKey(Buffer.from(authToken, 'utf8'));
    // Tokens come from the config: a handful. The bound only guards against misuse.
    if (hmacKeys.size >= 1000) hmacKeys.clear();
    hmacKeys.set(authToken, key);
  }
  return key;
}

function expectedSignature(authToken: string, url: string, params: Record<string, string>): string {
  let data = url;
  // Default sort: UTF-16 code unit order, as Twilio's reference implementation sorts.
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return createHmac('sha1', hmacKey(authToken)).update(data, 'utf8').digest('base64');
}

function sameSignature(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
