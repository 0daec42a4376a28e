/**
 * Phone numbers as the host handles them: everything is normalised to E.164 once, at the
 * edge (PMS records, incoming SMS), and compared as E.164 strings afterwards.
 *
 * Parsing and validation use libphonenumber-js's default (`min`) metadata, which validates
 * number ranges well enough for texting; only {@link isLikelyMobile} needs the larger `max`
 * metadata, because number *types* are not in `min`.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseWithTypes } from 'libphonenumber-js/max';
import type { PhoneNumbers } from '@clinic-arrivals/plugin-kit';

/** The region as libphonenumber expects it, or undefined when it does not know it. */
function countryOf(region: string): CountryCode | undefined {
  const upper = region.trim().toUpperCase();
  return isSupportedCountry(upper) ? upper : undefined;
}

function parseValid(parse: (text: string, country?: CountryCode) => PhoneNumber | undefined, raw: string, region: string): PhoneNumber | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const parsed = parse(raw, countryOf(region));
  return parsed?.isValid() ? parsed : undefined;
}

/**
 * The number in E.164 (`+61411012345`), or undefined when it is missing, unreadable or not a
 * valid number. National formats are read in `region` (ISO 3166, e.g. `AU`); numbers that
 * already carry a `+` country code ignore the region. An extension, if any, is dropped
 * (SMS has none).
 *
 * @example toE164('0411 012 345', 'AU') // '+61411012345'
 * @example toE164('+61 411 012 345', 'AU') // '+61411012345'
 * @example toE164('n/a', 'AU') // undefined
 */
export function toE164(raw: string, region: string): string | undefined {
  return parseValid(parsePhoneNumberFromString, raw, region)?.number;
}

/**
 * True when the number is valid and its range is a mobile one (or a range that cannot be
 * told apart from mobiles, as in the US). Landlines and service numbers give false: they
 * cannot receive texts.
 *
 * @example isLikelyMobile('0411 012 345', 'AU') // true
 * @example isLikelyMobile('(02) 9374 4000', 'AU') // false
 */
export function isLikelyMobile(raw: string, region: string): boolean {
  const type = parseValid(parseWithTypes, raw, region)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}

/**
 * A number made safe for debug logs: country code and first digit, then dots, then the last
 * three digits, e.g. `+61411012345` → `+614•••••345`. Short or odd input is masked entirely.
 */
export function maskPhone(e164: string): string {
  const text = typeof e164 === 'string' ? e164.trim() : '';
  const keepStart = 4;
  const keepEnd = 3;
  if (text.length < keepStart + keepEnd + 2) return '•'.repeat(Math.max(text.length, 3));
  return text.slice(0, keepStart) + '•'.repeat(text.length - keepStart - keepEnd) + text.slice(-keepEnd);
}

/** The phone service handed to plugins: {@link toE164} and {@link isLikelyMobile} in the clinic's region. */
export function phoneNumbersIn(region: string): PhoneNumbers {
  return {
    toE164: (raw) => toE164(raw, region),
    isLikelyMobile: (raw) => isLikelyMobile(raw, region),
  };
}
