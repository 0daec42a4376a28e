import type { OutboxEntry } from '../store/store.js';

/** First retry after this long; doubles per attempt. */
export const SEND_RETRY_BASE_MS = 30_000;
/** Never wait longer than this between two attempts. */
export const SEND_RETRY_MAX_MS = 15 * 60_000;
/** After this many attempts a transient failure is given up (the entry stays `retry`, reported). */
export const SEND_MAX_ATTEMPTS = 8;

/**
 * When a send that failed transiently may be tried again. Derived from the outbox entry
 * (attempts and last update), so it survives a restart; a provider's Retry-After hint,
 * kept in memory by the caller, can push it later.
 */
export function nextSendAttemptAt(entry: Pick<OutboxEntry, 'attempts' | 'updatedAt'>, hintAt?: number): number {
  const exponent = Math.max(0, entry.attempts - 1);
  const delay = Math.min(SEND_RETRY_MAX_MS, SEND_RETRY_BASE_MS * 2 ** exponent);
  return Math.max(entry.updatedAt + delay, hintAt ?? 0);
}
