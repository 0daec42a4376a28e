import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import type { JoinGate, JoinLock, PublishedJoinLock } from '@clinic-arrivals/plugin-kit';
import type { ProxyEndpoint } from './endpoint.js';
import { errorForFailure, errorForResponse, PROXY_ERROR_CODES, type RequestLabel } from './http.js';
import { sealJoinLock, secretBytes } from './join-seal.js';

const LOCK_ID = /^[A-Za-z0-9_-]{22,64}$/;
const CODE = /^\d{6}$/;
/** A BCP 47 tag as the page's link may carry it: nothing to escape. */
const LANGUAGE_TAG = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * The join gate on the reply proxy (v1 protocol only): seals the lock here, so the proxy
 * gets only the sealed target and the code's MAC (`PUT /v1/join-locks/:lockId`), and gives
 * back the link to text: `<proxy url>/verify#<lockId>.<secret>`, the secret only in the
 * fragment, which browsers never send to a server. With the patient's language the link is
 * `<proxy url>/verify?lang=<tag>#…`, and the page speaks it.
 */
export class ProxyJoinGate implements JoinGate {
  constructor(
    private readonly endpoint: ProxyEndpoint,
    private readonly requestTimeoutMs: number,
  ) {}

  async publishJoinLock(lock: JoinLock, signal?: AbortSignal): Promise<PublishedJoinLock> {
    checkLock(lock);
    const { sealed, proof } = sealJoinLock(lock);
    const body = JSON.stringify({ sealed, proof, codeExpiresAt: lock.codeExpiresAt, expiresAt: lock.expiresAt });
    await this.send('PUT', lock.lockId, { what: 'join lock publish' }, signal, body);
    const query = lock.language && LANGUAGE_TAG.test(lock.language) ? `?lang=${lock.language}` : '';
    return { url: `${this.endpoint.baseUrl}/verify${query}#${lock.lockId}.${lock.secret}` };
  }

  async withdrawJoinLock(lockId: string, signal?: AbortSignal): Promise<void> {
    if (!LOCK_ID.test(lockId)) throw joinLockError('the join lock id must be 22 to 64 base64url characters');
    await this.send('DELETE', lockId, { what: 'join lock withdraw' }, signal);
  }

  /** One request; the proxy's answers become the kit's typed errors (see http.ts). */
  private async send(method: 'PUT' | 'DELETE', lockId: string, label: RequestLabel, signal: AbortSignal | undefined, body?: string): Promise<void> {
    const stop = signal ?? new AbortController().signal;
    const headers: Record<string, string> = { ...this.endpoint.authorization(), accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await fetch(this.endpoint.url(`/v1/join-locks/${lockId}`), {
        method,
        headers,
        body,
        signal: AbortSignal.any([stop, AbortSignal.timeout(this.requestTimeoutMs)]),
      });
      if (response.status === 400 || response.status === 409) {
        await response.body?.cancel().catch(() => undefined);
        throw joinLockError(
          response.status === 409
            ? "the reply proxy holds another client's lock under this id; publish under a new random id"
            : 'the reply proxy refused the join lock as malformed',
        );
      }
      if (!response.ok) throw await errorForResponse(response, label);
      await response.body?.cancel().catch(() => undefined);
    } catch (error) {
      throw errorForFailure(error, label, stop);
    }
  }
}

/** A lock this client cannot send: publishing it again will not help. */
function joinLockError(message: string): ClinicArrivalsError {
  return new ClinicArrivalsError(PROXY_ERROR_CODES.joinLock, message, { kind: 'permanent' });
}

function checkLock(lock: JoinLock): void {
  if (!LOCK_ID.test(lock.lockId)) throw joinLockError('the join lock id must be 22 to 64 base64url characters');
  try {
    secretBytes(lock.secret);
  } catch {
    throw joinLockError('the join lock secret must be 32 random bytes, base64url');
  }
  if (!CODE.test(lock.code)) throw joinLockError('the join code must be six digits');
  if (!/^https?:\/\//i.test(lock.target) || !URL.canParse(lock.target)) throw joinLockError('the join target must be an http(s) URL');
  if (!Number.isFinite(Date.parse(lock.codeExpiresAt)) || !Number.isFinite(Date.parse(lock.expiresAt))) {
    throw joinLockError('codeExpiresAt and expiresAt must be ISO 8601 dates');
  }
}
