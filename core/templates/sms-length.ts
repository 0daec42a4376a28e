/**
 * How a text will travel as SMS: GSM 03.38 7-bit when every character is in the GSM
 * alphabet (160 per segment, 153 when split), otherwise UCS-2 (70, or 67 when split).
 * Used to keep templates to one cheap segment and to warn when an edit makes them dearer.
 */

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Characters sent as an escape plus one septet (they count twice). */
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

/** Encoding and segment count of an SMS body. */
export interface SmsLength {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
  /** Characters outside the GSM alphabet, when UCS-2 (to tell the author what to change). */
  nonGsmCharacters: string[];
}

/** Measures `text` as an SMS body. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  const nonGsm = new Set<string>();
  for (const char of text) {
    if (basic.has(char)) septets += 1;
    else if (extended.has(char)) septets += 2;
    else nonGsm.add(char);
  }
  if (nonGsm.size === 0) {
    return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153), nonGsmCharacters: [] };
  }
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67), nonGsmCharacters: [...nonGsm] };
}
