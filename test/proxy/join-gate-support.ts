import { randomBytes, randomInt } from 'node:crypto';
import type { JoinLock } from '@clinic-arrivals/plugin-kit';
import { codeProof } from '../../plugins/proxy-default/client/join-seal.js';
import type { TestProxy } from './support.js';

/*
 * Shared by the join gate's tests: locks made the way the host makes them (random id and
 * secret, six random digits), and code attempts sent the way the page sends them.
 */

/** A fresh lock for `target`, valid for an hour (code: ten minutes) from the proxy's clock. */
export function makeJoinLock(proxy: TestProxy, target: string, overrides: Partial<JoinLock> = {}): JoinLock {
  const now = proxy.clock.now();
  return {
    lockId: randomBytes(16).toString('base64url'),
    secret: randomBytes(32).toString('base64url'),
    target,
    code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    codeExpiresAt: new Date(now + 10 * 60_000).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    ...overrides,
  };
}

/** A six-digit code that is not `code`. */
export function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

/** `POST /verify/attempt` as the page sends it; returns the status, body and headers. */
export async function attempt(
  baseUrl: string,
  lock: Pick<JoinLock, 'lockId' | 'secret'>,
  code: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${baseUrl}/verify/attempt`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ lockId: lock.lockId, proof: codeProof(lock.secret, code) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, headers: response.headers };
}
