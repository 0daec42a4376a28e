import { ConfigError } from '@clinic-arrivals/plugin-kit';
import type { Resource } from './client.js';
import type { FhirPmsOptions } from './options.js';

/** What start-up learnt from the server's CapabilityStatement. */
export interface ServerFacts {
  fhirVersion: string;
  /** `software.name version`, when the server says. */
  software?: string;
  /** Appointment versioning as declared (`no-version`, `versioned`, `versioned-update`), if declared. */
  versioning?: string;
  /** True when the server lists `_lastUpdated` for Appointment (or for every type): changes can be asked for. */
  lastUpdatedSearch: boolean;
  /** Non-fatal mismatches worth showing in health. */
  warnings: string[];
}

interface RestResource {
  type?: string;
  versioning?: string;
  interaction?: Array<{ code?: string }>;
  searchParam?: Array<{ name?: string }>;
  searchInclude?: string[];
}
interface CapabilityStatement {
  resourceType?: string;
  fhirVersion?: string;
  software?: { name?: string; version?: string };
  rest?: Array<{ mode?: string; resource?: RestResource[]; searchParam?: Array<{ name?: string }> }>;
}

const KEY = 'pms.options.baseUrl';
/** The shape of FHIRVersion codes (4.0.1, 4.3.0-snapshot1…); anything else is not repeated. */
const FHIR_VERSION = /^\d{1,2}\.\d{1,2}(\.\d{1,2})?(-[a-z0-9.]{1,20})?$/;

/**
 * Checks that the server is FHIR 4.x and can search Appointments by date; refuses (ConfigError,
 * naming what is missing) otherwise. Missing includes are only warnings: the plugin then reads
 * the referenced resources itself.
 */
export function checkCapabilities(raw: Resource, options: FhirPmsOptions): ServerFacts {
  const statement = raw as CapabilityStatement;
  if (statement.resourceType !== 'CapabilityStatement') {
    throw new ConfigError(`${options.baseUrl}/metadata is not a FHIR CapabilityStatement; is baseUrl the FHIR base?`, KEY);
  }
  const fhirVersion = typeof statement.fhirVersion === 'string' ? statement.fhirVersion : '';
  if (!/^4\./.test(fhirVersion)) {
    // Remote text: named only when it looks like a FHIR version (FHIRVersion codes: 3.0.2, 5.0.0-ballot…).
    const stated = !fhirVersion ? '(version not stated)' : FHIR_VERSION.test(fhirVersion) ? fhirVersion : '(an unrecognised version)';
    throw new ConfigError(`the server speaks FHIR ${stated}; pms-fhir-r4 needs FHIR R4 (4.x)`, KEY);
  }
  const server = statement.rest?.find((r) => r.mode === 'server') ?? statement.rest?.[0];
  const appointment = server?.resource?.find((r) => r.type === 'Appointment');
  if (!appointment) throw new ConfigError('the server does not offer the Appointment resource', KEY);
  const interactions = appointment.interaction?.map((i) => i.code);
  if (interactions && !interactions.includes('search-type')) {
    throw new ConfigError('the server does not allow searching Appointments (no search-type interaction)', KEY);
  }
  if (!appointment.searchParam?.some((p) => p.name === 'date')) {
    throw new ConfigError('the server cannot search Appointments by date (no "date" search parameter)', KEY);
  }
  const warnings: string[] = [];
  if (interactions && !interactions.includes('update')) {
    warnings.push('server does not declare Appointment update; arrivals and video links cannot be written');
  }
  const wanted = options.include === 'actor' ? ['Appointment:actor'] : ['Appointment:patient', 'Appointment:practitioner'];
  const missing = appointment.searchInclude ? wanted.filter((w) => !appointment.searchInclude!.includes(w)) : [];
  if (missing.length) warnings.push(`server does not declare _include ${missing.join(', ')}; referenced resources are read separately`);
  // Common parameters may be listed once for the whole server (rest.searchParam) instead of per type.
  const lastUpdatedSearch = [...(appointment.searchParam ?? []), ...(server?.searchParam ?? [])].some((p) => p.name === '_lastUpdated');
  if (options.incremental && !lastUpdatedSearch) {
    warnings.push('server does not list _lastUpdated for Appointment: every poll reads the whole window');
  }
  const software = statement.software?.name ? [statement.software.name, statement.software.version].filter(Boolean).join(' ') : undefined;
  return { fhirVersion: FHIR_VERSION.test(fhirVersion) ? fhirVersion : '4.x', software, versioning: appointment.versioning, lastUpdatedSearch, warnings };
}
