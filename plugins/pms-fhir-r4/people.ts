import type { PhoneNumbers } from '@clinic-arrivals/plugin-kit';

/** FHIR HumanName, the parts the plugin reads. */
export interface HumanName {
  use?: string;
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
}
/** FHIR ContactPoint, the parts the plugin reads. */
export interface ContactPoint {
  system?: string;
  value?: string;
  use?: string;
  rank?: number;
}

/** The name to show: `official`, then `usual`, then the first one that is not `old`/`maiden`. */
export function preferredName(names: HumanName[] | undefined): HumanName | undefined {
  if (!Array.isArray(names) || names.length === 0) return undefined;
  return (
    names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names.find((n) => n.use !== 'old' && n.use !== 'maiden') ?? names[0]
  );
}

/** Display text of a name: its `text`, else the parts joined (with prefixes when asked, e.g. "Dr"). */
export function nameText(name: HumanName | undefined, withPrefix: boolean): string | undefined {
  if (!name) return undefined;
  if (typeof name.text === 'string' && name.text.trim()) return name.text.trim();
  const parts = [...(withPrefix ? (name.prefix ?? []) : []), ...(name.given ?? []), name.family ?? ''];
  const joined = parts
    .filter((p) => typeof p === 'string' && p.trim())
    .join(' ')
    .trim();
  return joined || undefined;
}

/** Given name for texts: the first `given`, else the first word of `text`. */
export function firstNameOf(name: HumanName | undefined): string | undefined {
  const given = name?.given?.find((g) => typeof g === 'string' && g.trim());
  if (given) return given.trim();
  const text = name?.text?.trim();
  return text ? text.split(/\s+/)[0] : undefined;
}

/**
 * The patient's mobile as the PMS holds it: a phone/sms contact with `use=mobile` first (by
 * rank), then any other current number the host's phone service types as mobile in the clinic's
 * region (PMSs often file mobiles under "home" or with no use). Undefined when none.
 */
export function pickMobile(telecom: ContactPoint[] | undefined, phone: PhoneNumbers): string | undefined {
  if (!Array.isArray(telecom)) return undefined;
  const phones = telecom
    .filter((t) => (t.system === 'phone' || t.system === 'sms') && typeof t.value === 'string' && t.value.trim() && t.use !== 'old')
    .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER));
  const flagged = phones.find((t) => t.use === 'mobile');
  if (flagged) return flagged.value!.trim();
  return phones.find((t) => phone.isLikelyMobile(t.value!))?.value!.trim();
}
