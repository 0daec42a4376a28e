import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/*
 * Client keys are stored only as scrypt hashes: `scrypt:<N>:<r>:<p>:<salt>:<hash>` (salt and
 * hash base64url). Colons rather than `$` so the value never looks like a `${VAR}` reference.
 */

const DEFAULT_PARAMS = { N: 16384, r: 8, p: 1 };
const KEY_BYTES = 32;
/** Shortest client key accepted by `hashClientKey`: guessing must be hopeless, not just slow. */
export const MIN_KEY_LENGTH = 24;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function scryptAsync(key: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(key, salt, length, options, (error, derived) => (error ? reject(error) : resolve(derived))));
}

function parseHash(stored: string): ParsedHash | undefined {
  const parts = stored.split(':');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  // Bounds keep a hand-edited hash from making every check take seconds or gigabytes.
  const powerOfTwo = Number.isInteger(N) && N >= 1024 && N <= 1_048_576 && (N & (N - 1)) === 0;
  if (!powerOfTwo || !Number.isInteger(r) || r < 1 || r > 32 || !Number.isInteger(p) || p < 1 || p > 16) return undefined;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const hash = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { N, r, p, salt, hash };
}

/** True when `stored` is a hash this proxy can check. */
export function isValidKeyHash(stored: string): boolean {
  return parseHash(stored) !== undefined;
}

/** A new random client key (base64url, 43 characters). */
export function generateClientKey(): string {
  return randomBytes(KEY_BYTES).toString('base64url');
}

/**
 * The value for `accounts.<sid>.clientKeyHash`: scrypt (N=16384, r=8, p=1) with a random salt.
 *
 * @example
 * await hashClientKey('Wm9kZ…')  // 'scrypt:16384:8:1:3q2-7w…:Jk1x…'
 */
export async function hashClientKey(key: string): Promise<string> {
  if (key.length < MIN_KEY_LENGTH) throw new Error(`a client key must be at least ${MIN_KEY_LENGTH} characters long; use a random one (hash-key --generate)`);
  const salt = randomBytes(16);
  const { N, r, p } = DEFAULT_PARAMS;
  const hash = await scryptAsync(key, salt, KEY_BYTES, { N, r, p, maxmem: 64 * 1024 * 1024 });
  return `scrypt:${N}:${r}:${p}:${salt.toString('base64url')}:${hash.toString('base64url')}`;
}

/** Checks a key against a stored hash in constant time (for a given hash length). */
export async function verifyClientKey(key: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const { N, r, p, salt, hash } = parsed;
  const derived = await scryptAsync(key, salt, hash.length, { N, r, p, maxmem: 256 * N * r + 16 * 1024 * 1024 });
  return timingSafeEqual(derived, hash);
}

/**
 * Remembers keys that already passed scrypt, as SHA-256 digests, so a client polling every
 * few seconds does not cost a full scrypt each time. Wrong keys always go through scrypt.
 */
export class ClientKeyVerifier {
  private readonly accepted = new Map<string, Buffer>();

  constructor(private readonly hashes: ReadonlyMap<string, string>) {}

  /** True when `key` is the client key of `accountSid`. Unknown accounts cost the same scrypt. */
  async verify(accountSid: string, key: string): Promise<boolean> {
    const digest = createHash('sha256').update(key).digest();
    const known = this.accepted.get(accountSid);
    if (known && timingSafeEqual(known, digest)) return true;
    const stored = this.hashes.get(accountSid) ?? DUMMY_HASH;
    const ok = (await verifyClientKey(key, stored)) && this.hashes.has(accountSid);
    if (ok) this.accepted.set(accountSid, digest);
    return ok;
  }

  /**
   * As {@link verify}, for an account whose failures from this address are throttled: once
   * the account's key has passed scrypt since start, the answer needs no scrypt (the right
   * key matches the remembered digest, any other key is wrong), so a throttled guesser costs
   * next to nothing. Before that, scrypt runs, so the right key still gets in.
   */
  async verifyThrottled(accountSid: string, key: string): Promise<boolean> {
    const known = this.accepted.get(accountSid);
    if (known) return timingSafeEqual(known, createHash('sha256').update(key).digest());
    return this.verify(accountSid, key);
  }
}

// A fixed, valid hash of a random key: unknown accounts take as long as wrong keys.
const DUMMY_HASH = `scrypt:16384:8:1:${randomBytes(16).toString('base64url')}:${randomBytes(32).toString('base64url')}`;
