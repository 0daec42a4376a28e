import { STAFF_REPLY_MAX_CHARS } from '../engine/staff-reply.js';

/*
 * JSON schemas of the inbox routes: requests (validated, closed) and responses. A response
 * schema is also an allow-list: fastify serialises only the properties named here, so a field
 * added to a view by mistake (a phone number) cannot reach the client.
 */

/** Days of texts a conversation shows, and how far back closed conversations are listed. */
export const DEFAULT_INBOX_DAYS = 14;
export const MAX_INBOX_DAYS = 90;
export const DEFAULT_INBOX_LIMIT = 100;
const MAX_INBOX_LIMIT = 500;

const staffName = { type: 'string', minLength: 1, maxLength: 80 } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;

export const conversationParams = {
  type: 'object',
  additionalProperties: false,
  required: ['conversationId'],
  properties: { conversationId: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
} as const;

export const inboxListQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    /** `open` (default): waiting for a person; `done`: closed, with a text in the last `days`; `all`: both. */
    state: { type: 'string', enum: ['open', 'done', 'all'], default: 'open' },
    days: { type: 'integer', minimum: 1, maximum: MAX_INBOX_DAYS, default: DEFAULT_INBOX_DAYS },
    limit: { type: 'integer', minimum: 1, maximum: MAX_INBOX_LIMIT, default: DEFAULT_INBOX_LIMIT },
  },
} as const;

export const conversationQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { days: { type: 'integer', minimum: 1, maximum: MAX_INBOX_DAYS, default: DEFAULT_INBOX_DAYS } },
} as const;

export const replyBody = {
  type: 'object',
  additionalProperties: false,
  required: ['text', 'requestId'],
  properties: {
    text: { type: 'string', minLength: 1, maxLength: STAFF_REPLY_MAX_CHARS },
    /** Who writes (until sign-in names the staff member). */
    by: staffName,
    /** The client's id for this reply (e.g. a UUID made when the reply box opens); a repeat sends nothing new. */
    requestId: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,100}$' },
  },
} as const;

export const byBody = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: { by: staffName },
} as const;

export const linkBody = {
  type: 'object',
  additionalProperties: false,
  required: ['appointmentId'],
  properties: { appointmentId: { type: 'string', minLength: 1, maxLength: 200 }, by: staffName },
} as const;

const conversationSummary = {
  id: { type: 'string' },
  phoneMasked: { type: 'string', description: 'last three digits only, e.g. •••678' },
  patientFirstName: { type: 'string' },
  appointmentId: { type: 'string' },
  lastAt: isoTime,
  unread: { type: 'integer' },
  reasons: { type: 'array', items: { type: 'string' } },
} as const;
const summaryRequired = ['id', 'phoneMasked', 'lastAt', 'unread', 'reasons'];

export const conversationSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: summaryRequired,
  properties: conversationSummary,
} as const;

export const conversationMessageSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at', 'direction', 'author', 'text', 'label'],
  properties: {
    id: { type: 'string' },
    at: isoTime,
    direction: { type: 'string', enum: ['in', 'out'] },
    author: { type: 'string', enum: ['patient', 'host', 'staff'] },
    text: { type: ['string', 'null'] },
    label: { type: 'string' },
    appointmentId: { type: 'string' },
    state: { type: 'string', enum: ['pending', 'handled', 'unprocessed', 'dismissed'] },
    reason: { type: 'string' },
    closedBy: { type: 'string' },
    closedAt: isoTime,
    template: { type: 'string' },
    sentBy: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sent', 'failed', 'retry', 'unknown'] },
    error: { type: 'string' },
    deliveryStatus: { type: 'string', enum: ['queued', 'sent', 'delivered', 'undelivered', 'failed'] },
    deliveryErrorCode: { type: 'string' },
  },
} as const;

const linkableAppointmentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'start', 'status', 'patientFirstName', 'practitionerName'],
  properties: {
    id: { type: 'string' },
    start: { type: 'string' },
    status: { type: 'string' },
    patientFirstName: { type: 'string' },
    practitionerName: { type: 'string' },
  },
} as const;

export const inboxListResponse = {
  200: { type: 'object', additionalProperties: false, required: ['items'], properties: { items: { type: 'array', items: conversationSummarySchema } } },
} as const;

export const conversationResponse = {
  200: {
    type: 'object',
    additionalProperties: false,
    required: [...summaryRequired, 'open', 'messages', 'appointments'],
    properties: {
      ...conversationSummary,
      open: { type: 'boolean' },
      messages: { type: 'array', items: conversationMessageSchema },
      appointments: { type: 'array', items: linkableAppointmentSchema },
    },
  },
} as const;

export const revealResponse = {
  200: { type: 'object', additionalProperties: false, required: ['phone'], properties: { phone: { type: 'string', description: 'E.164' } } },
} as const;

export const replyResponse = {
  200: {
    type: 'object',
    additionalProperties: false,
    required: ['requestId', 'repeated', 'message'],
    properties: {
      requestId: { type: 'string' },
      /** True when this request id was seen before: nothing new was sent. */
      repeated: { type: 'boolean' },
      message: conversationMessageSchema,
    },
  },
} as const;

export const countResponse = (field: 'closed' | 'linked') =>
  ({
    200: { type: 'object', additionalProperties: false, required: ['ok', field], properties: { ok: { type: 'boolean' }, [field]: { type: 'integer' } } },
  }) as const;
