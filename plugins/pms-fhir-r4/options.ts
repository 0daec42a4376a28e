import type { AppointmentStatus } from '@clinic-arrivals/plugin-kit';
import type { JsonSchema } from '@clinic-arrivals/plugin-kit';

/** No authentication (a PMS on the clinic's own network that trusts the host). */
export interface NoAuth {
  type: 'none';
}
/** A static bearer token, usually `${FHIR_TOKEN}` in the config. */
export interface BearerAuth {
  type: 'bearer';
  token: string;
}
/** HTTP basic authentication. */
export interface BasicAuth {
  type: 'basic';
  username: string;
  password: string;
}
/** SMART Backend Services: client-credentials grant with a private-key JWT assertion. */
export interface SmartBackendAuth {
  type: 'smart-backend';
  clientId: string;
  /** Token endpoint; discovered from `<baseUrl>/.well-known/smart-configuration` when absent. */
  tokenUrl?: string;
  /** Space-separated scopes. */
  scope: string;
  /** @default 'RS384' */
  algorithm: 'RS384' | 'ES384';
  /** `kid` of the key as published in the client's JWKS. */
  keyId?: string;
  /** PEM private key file, relative to the config folder. Exactly one of privateKeyPath / privateKey. */
  privateKeyPath?: string;
  /** PEM private key itself, usually `${FHIR_PRIVATE_KEY}`. */
  privateKey?: string;
  /** Refresh the access token this many seconds before it expires. @default 60 */
  refreshBeforeExpirySeconds: number;
}
export type FhirAuthOptions = NoAuth | BearerAuth | BasicAuth | SmartBackendAuth;

/** Validated, defaulted options of the `pms-fhir-r4` plugin. */
export interface FhirPmsOptions {
  /** FHIR base URL, e.g. `https://pms.example/fhir/R4`. */
  baseUrl: string;
  auth: FhirAuthOptions;
  /** Extra headers sent with every request (API keys of a gateway, tenant ids…). @default {} */
  headers: Record<string, string>;
  /** Per-request timeout. @default 10000 */
  timeoutMs: number;
  /** Attempts after the first for network errors, 5xx and 429, within one call. @default 3 */
  retries: number;
  /** @default 250 */
  retryMinDelayMs: number;
  /** @default 4000 */
  retryMaxDelayMs: number;
  /** `range` sends `date=ge…&date=lt…` with the clinic's offset; `day` sends `date=YYYY-MM-DD`. @default 'range' */
  dateSearch: 'range' | 'day';
  /** `actor` sends `_include=Appointment:actor`; `patient-practitioner` sends the two narrower includes. @default 'actor' */
  include: 'actor' | 'patient-practitioner';
  /** Appointment statuses searched for. @default booked, arrived, checked-in, fulfilled, cancelled, noshow, pending */
  statuses: AppointmentStatus[];
  /** Page size asked with `_count`. @default 100 */
  pageSize: number;
  /** Safety stop for servers whose `next` links never end. @default 100 */
  maxPages: number;
  /** Coding in `appointmentType` that marks a video consult. */
  videoConsultCoding: { system: string; code: string; display?: string };
  /** Extension (valueUrl) that carries the video link. */
  videoLinkExtensionUrl: string;
  /** Also append a line `Video URL: …` to `Appointment.comment` when recording a video consult. @default false */
  appendVideoUrlToComment: boolean;
  /** Re-read and re-apply this many times after a 412 before reporting a conflict. @default 3 */
  conflictRetries: number;
  /**
   * Also log the server's own error text (OperationOutcome diagnostics / details.text, a body
   * excerpt) at debug level, field `remoteDetail`. It may contain patient data (names, dates of
   * birth, numbers): switch it on only to diagnose a problem, with the host's log level at
   * debug, and off again. Error messages, info/warn logs and the status page never carry it.
   * @default false
   */
  logRemoteErrorText: boolean;
}

export const DEFAULT_STATUSES: AppointmentStatus[] = [
  'pending', 'booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow',
];
/** SMART v1 scopes, the form most servers accept: read what a poll needs, write appointments. */
export const DEFAULT_SMART_SCOPE =
  'system/Appointment.read system/Appointment.write system/Patient.read system/Practitioner.read system/PractitionerRole.read';
export const AU_APPOINTMENT_TYPE_SYSTEM = 'http://hl7.org.au/fhir/CodeSystem/AppointmentType';
export const AU_VIDEO_LINK_EXTENSION = 'http://hl7.org.au/fhir/StructureDefinition/telehealth-videolink';

const secret = { type: 'string', minLength: 1, 'x-secret': true };

/** JSON Schema (draft-07) of the options; the host validates and fills defaults with it. */
export const optionsSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['baseUrl'],
  properties: {
    baseUrl: { type: 'string', pattern: '^https?://', description: 'FHIR R4 base URL' },
    auth: {
      type: 'object',
      default: { type: 'none' },
      required: ['type'],
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['type'], properties: { type: { const: 'none' } } },
        {
          type: 'object', additionalProperties: false, required: ['type', 'token'],
          properties: { type: { const: 'bearer' }, token: secret },
        },
        {
          type: 'object', additionalProperties: false, required: ['type', 'username', 'password'],
          properties: { type: { const: 'basic' }, username: { type: 'string', minLength: 1 }, password: secret },
        },
        {
          type: 'object', additionalProperties: false, required: ['type', 'clientId'],
          properties: {
            type: { const: 'smart-backend' },
            clientId: { type: 'string', minLength: 1 },
            tokenUrl: { type: 'string', pattern: '^https?://' },
            // Defaults inside oneOf are not applied by validators; withDefaults() fills these.
            scope: { type: 'string', description: `default: ${DEFAULT_SMART_SCOPE}` },
            algorithm: { enum: ['RS384', 'ES384'], description: 'default: RS384' },
            keyId: { type: 'string' },
            // x-file: the host checks the file exists and is readable before anything starts.
            privateKeyPath: { type: 'string', minLength: 1, 'x-file': true, description: 'PEM private key file, relative to the config folder' },
            privateKey: secret,
            refreshBeforeExpirySeconds: { type: 'integer', minimum: 0, description: 'default: 60' },
          },
        },
      ],
    },
    headers: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
    timeoutMs: { type: 'integer', minimum: 100, default: 10000 },
    retries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
    retryMinDelayMs: { type: 'integer', minimum: 0, default: 250 },
    retryMaxDelayMs: { type: 'integer', minimum: 0, default: 4000 },
    dateSearch: { enum: ['range', 'day'], default: 'range' },
    include: { enum: ['actor', 'patient-practitioner'], default: 'actor' },
    statuses: {
      type: 'array', minItems: 1, uniqueItems: true, default: DEFAULT_STATUSES,
      items: {
        enum: ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'],
      },
    },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    maxPages: { type: 'integer', minimum: 1, default: 100 },
    videoConsultCoding: {
      type: 'object', additionalProperties: false, required: ['system', 'code'],
      default: { system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' },
      properties: { system: { type: 'string' }, code: { type: 'string' }, display: { type: 'string' } },
    },
    videoLinkExtensionUrl: { type: 'string', default: AU_VIDEO_LINK_EXTENSION },
    appendVideoUrlToComment: { type: 'boolean', default: false },
    conflictRetries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
    logRemoteErrorText: {
      type: 'boolean',
      default: false,
      description: "log the FHIR server's error text at debug level (may contain patient data)",
    },
  },
};

/**
 * Fills defaults for callers that bypass the host's validator (tests, the bench).
 * The host passes options already defaulted by the schema; this is a no-op for those.
 */
export function withDefaults(raw: Partial<FhirPmsOptions> & { baseUrl: string }): FhirPmsOptions {
  const auth = raw.auth ?? { type: 'none' };
  return {
    headers: {},
    timeoutMs: 10000,
    retries: 3,
    retryMinDelayMs: 250,
    retryMaxDelayMs: 4000,
    dateSearch: 'range',
    include: 'actor',
    statuses: DEFAULT_STATUSES,
    pageSize: 100,
    maxPages: 100,
    videoConsultCoding: { system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' },
    videoLinkExtensionUrl: AU_VIDEO_LINK_EXTENSION,
    appendVideoUrlToComment: false,
    conflictRetries: 3,
    logRemoteErrorText: false,
    ...raw,
    auth: auth.type === 'smart-backend'
      ? {
        ...auth,
        scope: auth.scope ?? DEFAULT_SMART_SCOPE,
        refreshBeforeExpirySeconds: auth.refreshBeforeExpirySeconds ?? 60,
        algorithm: auth.algorithm ?? 'RS384',
      }
      : auth,
  };
}
