import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/*
 * The join gate's crypto, Node side. The proxy's page (server/verify-page/static/verify.js)
 * does the same with WebCrypto; the two must stay identical:
 *
 *   secret   = 32 random bytes (base64url in the link's fragment)
 *   sealKey  = HKDF-SHA256(secret, salt = empty, info = "clinic-arrivals join seal v1", 32 bytes) → AES-256-GCM
 *   codeKey  = HKDF-SHA256(secret, salt = empty, info = "clinic-arrivals join code v1", 32 bytes) → HMAC-SHA256
 *   sealed   = base64url(12-byte random IV || AES-GCM ciphertext || 16-byte tag) of the UTF-8 target
 *   proof    = base64url(HMAC-SHA256(codeKey, the six code digits as UTF-8))
 *
 * The proxy keeps `sealed` and `proof` only: without the secret (which never reaches it) the
 * first is noise and the second cannot be tested against the 10^6 possible codes.
 */

export const SEAL_INFO = 'clinic-arrivals join seal v1';
export const CODE_INFO = 'clinic-arrivals join code v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `sealed` and `proof` of a lock, as the proxy stores them. */
export interface SealedJoinLock {
  sealed: string;
  proof: string;
}

/** The secret's bytes; throws when it is not base64url of exactly 32 bytes. */
export function secretBytes(secret: string): Buffer {
  const bytes = /^[A-Za-z0-9_-]{43}$/.test(secret) ? Buffer.from(secret, 'base64url') : Buffer.alloc(0);
  if (bytes.length !== 32 || bytes.toString('base64url') !== secret) throw new RangeError('join lock secret must be 32 bytes, base64url');
  return bytes;
}

function deriveKey(secret: string, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretBytes(secret), Buffer.alloc(0), info, 32));
}

/** Encrypts `target` under the secret's seal key (a fresh random IV each time). */
export function sealTarget(secret: string, target: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, SEAL_INFO), iv);
  const body = Buffer.concat([cipher.update(target, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Decrypts a `sealed` value (the page does this in the browser; Node uses it in tests). Throws when it was tampered with. */
export function openSealedTarget(secret: string, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new RangeError('sealed join target is too short');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, SEAL_INFO), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}

/** The MAC of a code under the secret's code key: what the page sends and the proxy compares. */
export function codeProof(secret: string, code: string): string {
  return createHmac('sha256', deriveKey(secret, CODE_INFO)).update(code, 'utf8').digest('base64url');
}

/** Both values the proxy stores for a lock. */
export function sealJoinLock(lock: { secret: string; target: string; code: string }): SealedJoinLock {
  return { sealed: sealTarget(lock.secret, lock.target), proof: codeProof(lock.secret, lock.code) };
}
