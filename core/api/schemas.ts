/*
 * JSON schema pieces shared by several routes. Every object schema is closed
 * (additionalProperties: false) so a typo in a field name is a 400, not a silent no-op.
 */

/** An id taken from the URL. */
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/**
 * A practitioner's id as the PMS gives it (a FHIR resource id: letters, digits, `-` and `.`,
 * up to 64; `_` and `:` too for other systems). Same pattern as `practitioners` keys in the config.
 */
export const PRACTITIONER_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$';

export const practitionerIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', pattern: PRACTITIONER_ID_PATTERN } },
} as const;

/** An outbox entry's numeric id taken from the URL (params are coerced: it arrives as a number). */
export const outboxIdParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } },
} as const;

/** Who is taking an action, for the record (`{ by? }`; `api` when left out). */
export const decidedByBody = {
  type: 'object',
  additionalProperties: false,
  properties: { by: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' } },
} as const;

/** A template name taken from the URL. */
export const templateNameParams = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } },
} as const;

/** Longest template or SMS text accepted (ten concatenated SMS segments). */
export const MAX_TEXT_LENGTH = 1600;
