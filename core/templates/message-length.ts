import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import { smsLength, type SmsLength } from './sms-length.js';

/**
 * The longest text the host sends: Twilio refuses a body over 1,600 characters (error 21617,
 * which sms-twilio reports as a permanent failure), and ten segments is already far too dear.
 */
export const MAX_MESSAGE_LENGTH = 1600;

/** `2,069`: numbers in messages read better grouped. */
export function grouped(value: number): string {
  return value.toLocaleString('en-US');
}

/** `14 GSM-7 SMS segments`; a segment is 153 GSM-7 or 67 UCS-2 characters once split. */
export function segmentsOf(length: SmsLength): string {
  return `${length.segments} ${length.encoding} SMS segment${length.segments === 1 ? '' : 's'}`;
}

/** What a text costs as SMS, as the template editor shows it. */
export interface SmsCost {
  encoding: SmsLength['encoding'];
  /** Characters as a person counts them (code points). */
  characters: number;
  segments: number;
}

/** The encoding, characters and segments of `text` sent as one SMS body. */
export function smsCostOf(text: string): SmsCost {
  const { encoding, segments } = smsLength(text);
  return { encoding, characters: [...text].length, segments };
}

/** How long a text would go out: characters, segments and encoding. */
export interface MessageLength {
  characters: number;
  sms: SmsLength;
}

/**
 * The length of `text` with `reserve` (the notice the host may append) added, when that is
 * over `limit`; undefined when it fits. The one rule behind both the check when a template is
 * saved or loaded (on a worst-case sample) and the check before each send (on the real text).
 */
export function overLimit(text: string, options: { limit?: number; reserve?: string } = {}): MessageLength | undefined {
  const limit = options.limit ?? MAX_MESSAGE_LENGTH;
  const full = text + (options.reserve ?? '');
  return full.length > limit ? { characters: full.length, sms: smsLength(full) } : undefined;
}

/**
 * A rendered message would be longer than an SMS can be, so it is not sent: permanent (the
 * same template and data would render the same again). Names the template and the length,
 * never the text.
 */
export class MessageTooLongError extends ClinicArrivalsError {
  constructor(
    readonly template: string,
    readonly length: MessageLength,
    readonly limit: number,
    reserveLength: number,
  ) {
    const notice = reserveLength > 0 ? ` counting the ${reserveLength}-character notice added to a number's last text of the day` : '';
    super(
      'CA_ERR_MESSAGE_TOO_LONG',
      `${template} rendered to ${grouped(length.characters)} characters (${segmentsOf(length.sms)})${notice}, over the` +
        ` ${grouped(limit)}-character limit of an SMS, so it was not sent; shorten the template (or the values it shows, such as the room text)`,
    );
  }
}
