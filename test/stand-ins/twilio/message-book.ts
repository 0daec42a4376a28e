import { twilioError, type TwilioErrorBody } from './errors.js';
import { API_VERSION, messageJson, newSid, segmentsOf, type StandInMessage } from './resources.js';

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
/** Twilio's default opt-out and opt-in keywords (whole message, any case). */
const OPT_OUT_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN_WORDS = new Set(['START', 'YES', 'UNSTOP']);
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/** Result of a create: the stored message, or the Twilio error to answer with. */
export type CreateOutcome = { message: StandInMessage } | { error: TwilioErrorBody };

/**
 * All messages of all accounts, with Twilio's create validation, default opt-out handling
 * (an inbound STOP blocks later sends to that number with 21610) and list filtering/paging.
 */
export class MessageBook {
  private readonly all: StandInMessage[] = [];
  private readonly optedOut = new Set<string>();

  constructor(private readonly now: () => number) {}

  /** Validates and stores an outbound message created through `POST …/Messages.json`. */
  create(accountSid: string, form: URLSearchParams): CreateOutcome {
    const to = form.get('To') ?? '';
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    const body = form.get('Body') ?? '';
    if (to === '') return { error: twilioError(21604) };
    if (!E164.test(to)) return { error: twilioError(21211, `The 'To' number ${to} is not a valid phone number.`) };
    if (!from && !service) return { error: twilioError(21603) };
    if (from && !E164.test(from))
      return { error: twilioError(21212, `The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`) };
    if (service && !MESSAGING_SERVICE_SID.test(service)) return { error: twilioError(21701) };
    if (body === '' && !form.get('MediaUrl')) return { error: twilioError(21602) };
    if (body.length > 1600) return { error: twilioError(21617) };
    if (this.optedOut.has(`${accountSid}|${to}`)) return { error: twilioError(21610) };
    const message: StandInMessage = {
      sid: newSid('SM'),
      accountSid,
      to,
      from: from || null,
      body,
      messagingServiceSid: service || null,
      statusCallback: form.get('StatusCallback') || null,
      direction: 'outbound-api',
      status: service ? 'accepted' : 'queued',
      dateCreated: this.now(),
      dateSent: null,
      numSegments: segmentsOf(body),
    };
    this.all.push(message);
    return { message };
  }

  /**
   * Twilio hands the message to the carrier after answering the create: from then on the
   * list shows it as `sent` with a `date_sent`.
   */
  markSent(message: StandInMessage): void {
    message.status = 'sent';
    message.dateSent = this.now();
  }

  /** Stores a message a patient sent to one of the account's numbers; applies opt-out keywords. */
  receive(input: { accountSid: string; from: string; to: string; body: string; at?: number; sid?: string }): StandInMessage {
    const at = input.at ?? this.now();
    const message: StandInMessage = {
      sid: input.sid ?? newSid('SM'),
      accountSid: input.accountSid,
      to: input.to,
      from: input.from,
      body: input.body,
      messagingServiceSid: null,
      statusCallback: null,
      direction: 'inbound',
      status: 'received',
      dateCreated: at,
      dateSent: at,
      numSegments: segmentsOf(input.body),
    };
    this.all.push(message);
    const word = input.body.trim().toUpperCase();
    const key = `${input.accountSid}|${input.from}`;
    if (OPT_OUT_WORDS.has(word)) this.optedOut.add(key);
    else if (OPT_IN_WORDS.has(word)) this.optedOut.delete(key);
    return message;
  }

  /** Every stored message (optionally of one account), oldest first. */
  messages(accountSid?: string): StandInMessage[] {
    return this.all.filter((m) => accountSid === undefined || m.accountSid === accountSid);
  }

  /**
   * `GET …/Messages.json`: filters `To`, `From`, `DateSent`, `DateSent<`, `DateSent>`
   * (inclusive, whole GMT days; see {@link sentRange}), newest first, paged with
   * `PageSize` (default 50, max 1000), `Page` and `PageToken` (the last SID of the previous page).
   */
  list(accountSid: string, query: URLSearchParams): { status: number; body: unknown } {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE));
    const page = Math.max(0, Number(query.get('Page') ?? 0) || 0);
    const range = sentRange(query);
    if ('error' in range) return { status: 400, body: range.error };
    const to = query.get('To');
    const from = query.get('From');
    const matching = this.messages(accountSid)
      .filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
      .filter((m) => range.after === undefined || (m.dateSent !== null && m.dateSent >= range.after))
      .filter((m) => range.before === undefined || (m.dateSent !== null && m.dateSent <= range.before))
      .sort((a, b) => sortKey(b) - sortKey(a));
    const token = query.get('PageToken');
    const start = token ? matching.findIndex((m) => `PA${m.sid}` === token) + 1 : 0;
    const items = matching.slice(start, start + pageSize);
    const path = `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
    const filters = new URLSearchParams([...query].filter(([k]) => !['Page', 'PageSize', 'PageToken'].includes(k)));
    const pageUri = (p: number, pageToken?: string) => {
      const q = new URLSearchParams(filters);
      q.set('PageSize', String(pageSize));
      q.set('Page', String(p));
      if (pageToken) q.set('PageToken', pageToken);
      return `${path}?${q.toString()}`;
    };
    const hasMore = start + items.length < matching.length;
    return {
      status: 200,
      body: {
        end: Math.max(start, start + items.length - 1),
        first_page_uri: pageUri(0),
        messages: items.map(messageJson),
        next_page_uri: hasMore ? pageUri(page + 1, `PA${items.at(-1)!.sid}`) : null,
        page,
        page_size: pageSize,
        previous_page_uri: page > 0 ? pageUri(page - 1) : null,
        start,
        uri: `${path}?${query.toString()}`,
      },
    };
  }
}

function sortKey(message: StandInMessage): number {
  return message.dateSent ?? message.dateCreated;
}

/**
 * Parses the DateSent filters into an inclusive range of epoch milliseconds, at the granularity
 * Twilio documents for them: a GMT date (`YYYY-MM-DD`). The twilio library sends
 * `YYYY-MM-DDThh:mm:ssZ`; Twilio accepts that, but its reference only promises whole days, so
 * the time part is accepted and ignored here: a client must filter the exact times itself.
 * `DateSent>` (sent as `DateSent>=`) is on or after midnight of the date, `DateSent<` on or
 * before the end of it, `DateSent` that day.
 */
function sentRange(query: URLSearchParams): { after?: number; before?: number } | { error: unknown } {
  const range: { after?: number; before?: number } = {};
  for (const [key, value] of query) {
    if (!key.startsWith('DateSent')) continue;
    const date = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}:\d{2}(\.\d+)?Z)?$/.exec(value)?.[1];
    const dayStart = date === undefined ? NaN : Date.parse(`${date}T00:00:00Z`);
    if (!Number.isFinite(dayStart)) return { error: twilioError(20001, `Invalid DateSent value: ${value}`) };
    const dayEnd = dayStart + 86_399_999;
    if (key === 'DateSent>') range.after = dayStart;
    else if (key === 'DateSent<') range.before = dayEnd;
    else if (key === 'DateSent') Object.assign(range, { after: dayStart, before: dayEnd });
  }
  return range;
}
