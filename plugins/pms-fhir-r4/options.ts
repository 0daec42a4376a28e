import type { JsonSchema, OptionsFromSchema } from '@clinic-arrivals/plugin-kit';

/** Appointment statuses searched for unless `statuses` says otherwise. */
export const DEFAULT_STATUSES = ['pending', 'booked', 'arrived', 'checked-in', 'fulfilled', 'cancelled', 'noshow'] as const;
/** SMART v1 scopes, the form most servers accept: read what a poll needs, write appointments. */
export const DEFAULT_SMART_SCOPE = 'system/Appointment.read system/Appointment.write system/Patient.read system/Practitioner.read system/PractitionerRole.read';
export const AU_APPOINTMENT_TYPE_SYSTEM = 'http://hl7.org.au/fhir/CodeSystem/AppointmentType';
export const AU_VIDEO_LINK_EXTENSION = 'http://hl7.org.au/fhir/StructureDefinition/telehealth-videolink';
/** Where a patient's confirmation by text is recorded on the Appointment (valueDateTime), unless the clinic names its own. */
export const CONFIRMED_BY_TEXT_EXTENSION = 'https://clinic-arrivals.org/fhir/StructureDefinition/confirmed-by-text';

const secret = { type: 'string', minLength: 1, 'x-secret': true } as const;

/**
 * The smart-backend settings that have defaults. Validators skip defaults inside `oneOf`
 * (ajv: "default is ignored"), so their defaults are also given to an if/then beside the
 * oneOf, where ajv applies them; the oneOf branch validates them and gives the type.
 */
const smartBackendDefaulted = {
  /** Space-separated scopes. @default SMART v1 system scopes for Appointment (read, write), Patient, Practitioner, PractitionerRole (read) */
  scope: { type: 'string', default: DEFAULT_SMART_SCOPE },
  /** @default 'RS384' */
  algorithm: { enum: ['RS384', 'ES384'], default: 'RS384' },
  /** Refresh the access token this many seconds before it expires. @default 60 */
  refreshBeforeExpirySeconds: { type: 'integer', minimum: 0, default: 60 },
} as const;

/** `{ key: { default } }` for each property: fills the defaults and checks nothing a second time. */
function defaultsOnly<P extends Record<string, { default: unknown }>>(properties: P): { [K in keyof P]: { default: P[K]['default'] } } {
  return Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, { default: schema.default }])) as never;
}

/** A reference as `Type/id`, a bare id, or an absolute URL on the server. */
const referenceItem = { type: 'string', pattern: '^(https?://\\S+|([A-Z][A-Za-z]+/)?[A-Za-z0-9\\-.]{1,64})$' } as const;
const referenceList = { type: 'array', minItems: 1, uniqueItems: true, items: referenceItem } as const;

/**
 * Search parameters the plugin sets itself (the window, paging, what is included, the
 * incremental cut-off) or that reshape results it must read whole: never in `filters.extra`.
 */
export const RESERVED_SEARCH_PARAMS = [
  'date',
  'status',
  '_lastUpdated',
  '_count',
  '_offset',
  '_include',
  '_revinclude',
  '_sort',
  '_summary',
  '_elements',
  '_total',
  '_contained',
  '_containedType',
  '_format',
] as const;
/**
 * A FHIR search parameter name with optional modifier and chain, e.g. `specialty`,
 * `actor:Location.organization`, `_tag`, `identifier:of-type` (code: letters, digits, dash).
 */
const SEARCH_PARAM_NAME = '^_?[A-Za-z][A-Za-z0-9-]*(:[A-Za-z][A-Za-z0-9-]*)?(\\.[A-Za-z][A-Za-z0-9-]*(:[A-Za-z][A-Za-z0-9-]*)?)*$';
const reservedName = `^(${RESERVED_SEARCH_PARAMS.join('|')})([:.].*)?$`;

/** JSON Schema (draft-07) of the options; the host validates and fills defaults with it. */
export const optionsSchema = {
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
          type: 'object',
          additionalProperties: false,
          required: ['type', 'token'],
          properties: { type: { const: 'bearer' }, token: secret },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'username', 'password'],
          properties: { type: { const: 'basic' }, username: { type: 'string', minLength: 1 }, password: secret },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'clientId'],
          properties: {
            type: { const: 'smart-backend' },
            clientId: { type: 'string', minLength: 1 },
            tokenUrl: { type: 'string', pattern: '^https?://' },
            scope: smartBackendDefaulted.scope,
            algorithm: smartBackendDefaulted.algorithm,
            keyId: { type: 'string' },
            // x-file: the host checks the file exists and is readable before anything starts.
            privateKeyPath: { type: 'string', minLength: 1, 'x-file': true, description: 'PEM private key file, relative to the config folder' },
            privateKey: secret,
            refreshBeforeExpirySeconds: smartBackendDefaulted.refreshBeforeExpirySeconds,
          },
        },
      ],
      // Where ajv fills the smart-backend defaults (see smartBackendDefaulted).
      if: { properties: { type: { const: 'smart-backend' } }, required: ['type'] },
      then: { properties: defaultsOnly(smartBackendDefaulted) },
    },
    headers: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
    timeoutMs: { type: 'integer', minimum: 100, default: 10000 },
    retries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
    retryMinDelayMs: { type: 'integer', minimum: 0, default: 250 },
    retryMaxDelayMs: { type: 'integer', minimum: 0, default: 4000 },
    dateSearch: { enum: ['range', 'day'], default: 'range' },
    include: { enum: ['actor', 'patient-practitioner'], default: 'actor' },
    statuses: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      default: DEFAULT_STATUSES,
      items: {
        enum: ['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist'],
      },
    },
    /**
     * Which appointments are this clinic's, on a FHIR server several clinics share. Every filter
     * given must hold (AND); the values inside one filter are alternatives (OR).
     * @default {} (every appointment on the server)
     * @example { location: ['Location/clinic-north'], serviceType: ['http://snomed.info/sct|394814009'] }
     */
    filters: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        /** Locations (references or ids): `location=Location/a,Location/b`. */
        location: referenceList,
        /** Organizations: their Locations (`Location?organization=`) become the `location` filter. */
        organization: referenceList,
        /** Practitioners (references or ids): `practitioner=Practitioner/a,…`. */
        practitioner: referenceList,
        /** Service types as FHIR tokens, `system|code` or `code`: `service-type=…`. */
        serviceType: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1, pattern: '^[^,\\s]+$' } },
        /** Any further Appointment search parameters, sent as given, e.g. `{ "actor:Location.organization": "Organization/7" }`. */
        extra: {
          type: 'object',
          propertyNames: {
            allOf: [
              {
                pattern: SEARCH_PARAM_NAME,
                'x-message': 'must be a FHIR search parameter name, with an optional :modifier and .chain (e.g. specialty, actor:Location.organization)',
              },
              {
                not: { pattern: reservedName },
                'x-message': `must not be one the plugin sets itself or that reshapes results (${RESERVED_SEARCH_PARAMS.join(', ')}); use statuses for status`,
              },
            ],
          },
          additionalProperties: { type: 'string', minLength: 1 },
        },
      },
    },
    /** Between full reads, ask only for what changed (`_lastUpdated=gt…`) when the server supports it. @default true */
    incremental: { type: 'boolean', default: true },
    /** Read the whole window again after this many minutes (and at start). @default 15 */
    fullReadMinutes: { type: 'integer', minimum: 1, default: 15 },
    /** How far before the previous poll's server time each change query starts (clock skew, commit lag). @default 60 */
    overlapSeconds: { type: 'integer', minimum: 0, default: 60 },
    pageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
    maxPages: { type: 'integer', minimum: 1, default: 100 },
    videoConsultCoding: {
      type: 'object',
      additionalProperties: false,
      required: ['system', 'code'],
      default: { system: AU_APPOINTMENT_TYPE_SYSTEM, code: 'teleconsultation', display: 'Teleconsultation' },
      properties: { system: { type: 'string' }, code: { type: 'string' }, display: { type: 'string' } },
    },
    videoLinkExtensionUrl: { type: 'string', default: AU_VIDEO_LINK_EXTENSION },
    appendVideoUrlToComment: { type: 'boolean', default: false },
    /**
     * The Appointment extension that records a patient's confirmation by text, with the time as
     * `valueDateTime` (see the README: a participant's `accepted` alone cannot show it).
     * @default 'https://clinic-arrivals.org/fhir/StructureDefinition/confirmed-by-text'
     */
    confirmationExtensionUrl: {
      type: 'string',
      pattern: '^https?://\\S+$',
      default: CONFIRMED_BY_TEXT_EXTENSION,
      description: "Appointment extension (valueDateTime) recording the patient's confirmation by text",
    },
    conflictRetries: { type: 'integer', minimum: 0, maximum: 10, default: 3 },
    logRemoteErrorText: {
      type: 'boolean',
      default: false,
      description: "log the FHIR server's error text at debug level (may contain patient data)",
    },
  },
} as const satisfies JsonSchema;

/** Validated, defaulted options of the `pms-fhir-r4` plugin. */
export type FhirPmsOptions = OptionsFromSchema<typeof optionsSchema>;
/** Which appointments belong to the clinic (see {@link optionsSchema}). */
export type FhirFilters = FhirPmsOptions['filters'];
/** How the plugin authenticates to the FHIR server. */
export type FhirAuthOptions = FhirPmsOptions['auth'];
/** No authentication (a PMS on the clinic's own network that trusts the host). */
export type NoAuth = Extract<FhirAuthOptions, { type: 'none' }>;
/** A static bearer token, usually `${FHIR_TOKEN}` in the config. */
export type BearerAuth = Extract<FhirAuthOptions, { type: 'bearer' }>;
/** HTTP basic authentication. */
export type BasicAuth = Extract<FhirAuthOptions, { type: 'basic' }>;
/** SMART Backend Services: client-credentials grant with a private-key JWT assertion. */
export type SmartBackendAuth = Extract<FhirAuthOptions, { type: 'smart-backend' }>;
