import { isSupportedCountry } from 'libphonenumber-js';
import { IANAZone } from 'luxon';

/** Why a value given to `init` is not usable, or undefined when it is. */
export function timeZoneProblem(zone: string): string | undefined {
  return IANAZone.isValidZone(zone) ? undefined : `must be an IANA time zone like Australia/Melbourne (got "${zone}")`;
}

export function regionProblem(region: string): string | undefined {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region)
    ? undefined
    : `must be an ISO 3166 region code of a country with phone numbers, like AU or NZ (got "${region}")`;
}

export function localeProblem(locale: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(locale);
    return canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0
      ? undefined
      : `must be a BCP 47 locale this Node.js knows, like en-AU (got "${locale}")`;
  } catch {
    return `must be a BCP 47 locale like en-AU (got "${locale}")`;
  }
}

/*
 * Zones where each region's clinics are, by prefix. Small on purpose: a region not listed is
 * never warned about; the check catches the common slip (a template's AU with the machine's zone).
 */
const REGION_ZONES: Record<string, readonly string[]> = {
  AU: ['Australia/', 'Antarctica/Macquarie'],
  NZ: ['Pacific/Auckland', 'Pacific/Chatham', 'NZ'],
  GB: ['Europe/London', 'GB'],
  IE: ['Europe/Dublin', 'Eire'],
  US: ['America/', 'US/', 'Pacific/Honolulu'],
  CA: ['America/', 'Canada/'],
  ZA: ['Africa/Johannesburg'],
  SG: ['Asia/Singapore', 'Singapore'],
};

/** Why the clinic's zone looks wrong (UTC, or not where its region is), or undefined. */
export function zoneWarning(zone: string, region: string | undefined): string | undefined {
  if (['UTC', 'Etc/UTC', 'Etc/GMT', 'GMT', 'Etc/Universal', 'Universal', 'Zulu'].includes(zone)) {
    return `clinic.timeZone is ${zone}: appointment times in texts will be off unless the clinic really keeps UTC; set the clinic's own zone, e.g. Australia/Melbourne`;
  }
  const zones = region ? REGION_ZONES[region] : undefined;
  if (zones && !zones.some((entry) => zone === entry || (entry.endsWith('/') && zone.startsWith(entry)))) {
    return `clinic.timeZone ${zone} is not a zone of region ${region}: check clinic.timeZone and clinic.region`;
  }
  return undefined;
}

/** Environment variables a config text needs: `${NAME}` without a fallback, outside comments and `$${` escapes. */
export function requiredEnvVars(configText: string): string[] {
  const names = new Set<string>();
  for (const line of configText.split('\n')) {
    const code = line.replace(/\s#.*$|^#.*$/, '');
    for (const match of code.matchAll(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?\}/g)) {
      if (match[1] === '' && match[3] === undefined) names.add(match[2]!);
    }
  }
  return [...names];
}
