import type { IncomingMessage, Inbox } from '../contracts/inbox.js';

/**
 * Reads an inbox's `messages()` until `enough(seen)` is true or `waitMs` has passed, then aborts
 * the stream and returns what arrived. Never hangs and never fails on the timeout itself, so a
 * test can also assert that nothing (more) came; an error the stream throws before the abort
 * is passed on.
 */
export async function readInbox(inbox: Pick<Inbox, 'messages'>, enough: (seen: IncomingMessage[]) => boolean, waitMs: number): Promise<IncomingMessage[]> {
  const seen: IncomingMessage[] = [];
  const controller = new AbortController();
  const guard = setTimeout(() => controller.abort(), waitMs);
  try {
    for await (const message of inbox.messages(controller.signal)) {
      seen.push(message);
      if (enough(seen)) break;
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(guard);
    controller.abort();
  }
  return seen;
}

/** `enough` for {@link readInbox}: at least `count` messages. */
export const atLeast = (count: number) => (seen: IncomingMessage[]) => seen.length >= count;
