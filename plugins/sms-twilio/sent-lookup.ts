import type { SentMessageMatch, SentMessageQuery } from '@clinic-arrivals/plugin-kit';
import { mapTwilioError } from './error-mapping.js';
import { withExchange, type TwilioClient } from './twilio-client.js';

type MessageStatus = Awaited<ReturnType<TwilioClient['messages']['list']>>[number]['status'];

/** Twilio's message statuses on the contract's four (`receiving`/`received` are inbound, never matched). */
const STATE_OF_STATUS: Partial<Record<MessageStatus, SentMessageMatch['state']>> = {
  queued: 'accepted',
  accepted: 'accepted',
  scheduled: 'accepted',
  sending: 'accepted',
  sent: 'sent',
  partially_delivered: 'sent',
  delivered: 'delivered',
  read: 'delivered',
  failed: 'failed',
  undelivered: 'failed',
  canceled: 'failed',
};

/** Messages read per look-up at most: one patient gets a handful of texts a day. */
export const SENT_LOOKUP_LIMIT = 200;

/**
 * Asks Twilio's Messages list which of our texts to `query.to` it took between `after` and
 * `before` with exactly `query.body`: filtered by `To`, by `From` (with a Messaging Service,
 * by its SID on each message instead: the list cannot filter on it) and by `DateSent>`.
 *
 * Twilio's reference promises the `DateSent` filters only to whole GMT days (`YYYY-MM-DD`),
 * so the exact window is applied here, on `date_created` (when Twilio took the message).
 * There is no `DateSent<`: a message leaves Twilio's queue (and gets its `date_sent`) up to
 * 10 hours after it was taken, so it would fall outside. A message still queued may be
 * missing from a `DateSent` list altogether: the caller treats "not there" as "not there
 * yet" for that long.
 *
 * @returns the matches, or `cannot-tell` when the limit was reached without one.
 * @throws the host's typed errors (mapTwilioError) when Twilio cannot be asked.
 */
export async function findSentMessages(
  client: TwilioClient,
  sender: { from?: string; messagingServiceSid?: string },
  query: SentMessageQuery,
  now: () => number,
): Promise<SentMessageMatch[] | 'cannot-tell'> {
  const outcome = await withExchange(() =>
    client.messages.list({
      to: query.to,
      ...(sender.from ? { from: sender.from } : {}),
      dateSentAfter: new Date(query.after),
      pageSize: 100,
      limit: SENT_LOOKUP_LIMIT,
    }),
  );
  if (!('value' in outcome)) throw mapTwilioError(outcome.error, 'list', outcome.exchange, now());
  const messages = outcome.value;
  const ours = (m: (typeof messages)[number]) =>
    m.direction !== 'inbound' && m.to === query.to && (sender.from ? m.from === sender.from : m.messagingServiceSid === sender.messagingServiceSid);
  // Twilio's dates have whole seconds: widen the window to them.
  const taken = (m: (typeof messages)[number]) => {
    const at = m.dateCreated?.getTime();
    return at !== undefined && at >= Math.floor(query.after / 1000) * 1000 && at <= query.before;
  };
  const matches = messages
    .filter((m) => ours(m) && taken(m) && m.body === query.body)
    .map((m): SentMessageMatch => ({ providerId: m.sid, state: STATE_OF_STATUS[m.status] ?? 'accepted', providerStatus: m.status }));
  return matches.length === 0 && messages.length >= SENT_LOOKUP_LIMIT ? 'cannot-tell' : matches;
}
