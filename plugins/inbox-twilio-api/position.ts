/**
 * Where the inbox is in the clinic's Twilio message history, as kept in the store.
 *
 * Twilio's Messages list can only be filtered by send date (to the second) and returns
 * newest first, so the position is a date plus the SIDs already handled around it:
 * every inbound message dated before `since` has been acknowledged, and `acked` names the
 * acknowledged ones from `since - OVERLAP_MS` on. Polls ask for messages from
 * `since - OVERLAP_MS`, which picks up a message that shows up in the list late (Twilio's
 * list is eventually consistent) without handing out the acknowledged ones again.
 */
export interface InboxPosition {
  /** Epoch ms, whole seconds. Everything dated earlier is handled. */
  since: number;
  /** MessageSid → its date (epoch ms) for acknowledged messages dated `since - OVERLAP_MS` or later. */
  acked: Record<string, number>;
}

/** How far before `since` each poll looks again. */
export const OVERLAP_MS = 2 * 60_000;

/** The position of a first start: `lookbackMs` before `now`, nothing acknowledged. */
export function initialPosition(now: number, lookbackMs: number): InboxPosition {
  return { since: wholeSecond(now - lookbackMs), acked: {} };
}

/** Start of the date range a poll asks Twilio for. */
export function pollFrom(position: InboxPosition): number {
  return wholeSecond(position.since - OVERLAP_MS);
}

/**
 * The position after acknowledging `sid` (dated `date`), given the dates of messages fetched
 * but not acknowledged yet. `since` never passes an unacknowledged message and never moves back.
 */
export function acknowledge(position: InboxPosition, sid: string, date: number, unacknowledgedDates: Iterable<number>): InboxPosition {
  const acked = { ...position.acked, [sid]: date };
  let oldestOpen = Infinity;
  for (const d of unacknowledgedDates) oldestOpen = Math.min(oldestOpen, d);
  const newestAcked = Math.max(...Object.values(acked));
  const since = Math.max(position.since, wholeSecond(Math.min(oldestOpen, newestAcked)));
  const keepFrom = since - OVERLAP_MS;
  return { since, acked: Object.fromEntries(Object.entries(acked).filter(([, d]) => d >= keepFrom)) };
}

/** True when a stored value looks like an {@link InboxPosition} (the store may hold an older shape). */
export function isInboxPosition(value: unknown): value is InboxPosition {
  const v = value as Partial<InboxPosition> | undefined;
  return !!v && typeof v.since === 'number' && Number.isFinite(v.since) && !!v.acked && typeof v.acked === 'object';
}

function wholeSecond(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}
