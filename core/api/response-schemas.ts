/*
 * Response schemas of the routes the reception app reads. They feed the OpenAPI document
 * (GET /api/openapi.json) from which web/src/api/schema.d.ts is generated. They document;
 * they do not filter: the app serialises with JSON.stringify (see app.ts), so a field added
 * to a view before it is added here is still sent. Objects stay open for the same reason.
 */

const str = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;

function object<P extends Record<string, unknown>, R extends readonly (keyof P & string)[]>(properties: P, required: R) {
  return { type: 'object', properties, required } as const;
}

/** `{ items: [...] }`, the envelope of every collection. */
export function listOf<T>(item: T) {
  return object({ items: { type: 'array', items: item } }, ['items']);
}

export const okReply = object({ ok: { type: 'boolean', const: true } }, ['ok']);

const health = object(
  {
    status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
    detail: str,
    data: { type: 'object', additionalProperties: true },
  },
  ['status'],
);

const loop = object({ lastRunAt: isoTime, lastDurationMs: { type: 'number' }, lastError: str, runs: int, errors: int }, ['runs', 'errors']);

export const statusReply = object(
  {
    version: str,
    startedAt: isoTime,
    now: { ...isoTime, description: "the host's clock: what today means" },
    clinic: object({ name: str, timeZone: str }, ['name', 'timeZone']),
    plugins: {
      type: 'array',
      items: object(
        {
          role: { type: 'string', enum: ['pms', 'sms', 'inbox', 'video'] },
          id: str,
          health: { ...health, description: "the plugin's own report, made no better than its window" },
          window: object(
            {
              windowSeconds: int,
              status: { type: 'string', enum: ['ok', 'degraded', 'down'] },
              since: isoTime,
              calls: int,
              retried: int,
              failed: int,
              lastError: object({ code: str, at: isoTime }, ['code', 'at']),
            },
            ['windowSeconds', 'status', 'since', 'calls', 'retried', 'failed'],
          ),
          notes: { type: 'array', items: str },
        },
        ['role', 'id', 'health'],
      ),
    },
    loops: { type: 'object', additionalProperties: loop },
    workflowCounts: { type: 'object', additionalProperties: int },
    messagesToday: object({ sent: int, failed: int, unknown: int, received: int, unprocessed: int }, ['sent', 'failed', 'unknown', 'received', 'unprocessed']),
    unknownSends: { ...int, description: 'sends whose outcome is unknown and nobody has resolved yet, of any day (GET /api/messages/unknown)' },
    skippedAppointments: { type: 'object', additionalProperties: int },
    optOuts: { ...int, description: 'numbers that texted STOP and have not texted START since' },
    recentErrors: { type: 'array', items: object({ at: isoTime, where: str, error: str }, ['at', 'where', 'error']) },
    languages: {
      ...object(
        {
          default: { ...str, description: "the clinic's default language (BCP 47)" },
          offered: { type: 'array', items: str },
          gaps: {
            type: 'array',
            description: 'languages texts were asked in without a text (sent in the default language instead), most recent first',
            items: object(
              {
                language: str,
                count: int,
                lastSeen: isoTime,
                templates: { type: 'array', items: object({ template: str, count: int, lastSeen: isoTime }, ['template', 'count', 'lastSeen']) },
              },
              ['language', 'count', 'lastSeen', 'templates'],
            ),
          },
        },
        ['default', 'offered', 'gaps'],
      ),
    },
  },
  [
    'version',
    'startedAt',
    'now',
    'clinic',
    'plugins',
    'loops',
    'workflowCounts',
    'messagesToday',
    'unknownSends',
    'optOuts',
    'skippedAppointments',
    'recentErrors',
  ],
);

const person = object({ id: str, name: str }, ['id', 'name']);

/** An appointment as the PMS (or the simulated PMS) holds it. */
export const appointment = object(
  {
    id: str,
    start: { ...str, description: 'ISO 8601 with offset' },
    end: str,
    status: str,
    patient: object({ id: str, name: str, firstName: str, mobile: str }, ['id', 'name']),
    practitioner: person,
    isVideo: { type: 'boolean' },
    videoLink: str,
    created: str,
    interpreterRequired: { type: 'boolean', description: 'the PMS says the patient needs an interpreter' },
  },
  ['id', 'start', 'status', 'patient', 'practitioner', 'isVideo'],
);

/** One row of today's list. The fields after `progress` are the reception view (optional while it is rolled out). */
export const todayItem = object(
  {
    appointment,
    state: { ...str, description: 'workflow state name, e.g. awaiting-screening-reply' },
    progress: { type: 'object', additionalProperties: true },
    startLocal: { ...str, description: 'start in clinic time, e.g. 09:30' },
    patientFirstName: str,
    phoneMasked: { ...str, description: 'last digits only, e.g. •••678' },
    practitioner: person,
    pmsStatus: str,
    isVideo: { type: 'boolean' },
    stateText: { ...str, description: 'the workflow state in words' },
    lastText: object({ template: str, at: isoTime, status: str, deliveryStatus: str }, ['template', 'at', 'status']),
    nextStep: object({ step: str, template: str, at: isoTime }, ['step', 'at']),
    attention: { type: 'string', enum: ['failed', 'unknown', 'undelivered'] },
    interpreterNeeded: { type: 'boolean', description: 'a video consult whose patient needs an interpreter and has no live interpreter guest booked' },
    textProblem: object({ status: { type: 'string', enum: ['failed', 'unknown', 'retry', 'retried-out'] }, code: str, at: isoTime, attempts: int }, [
      'status',
      'at',
      'attempts',
    ]),
  },
  ['appointment', 'state'],
);

/** One practitioner's queue today (`GET /api/practitioners/queues`, and the running-late and late-texts answers). */
export const practitionerQueueReply = object(
  {
    practitionerId: str,
    name: str,
    delayMinutes: { ...int, description: "minutes behind: reception's override when set today, else the estimate's" },
    source: { type: 'string', enum: ['estimate', 'override'] },
    consultMinutes: { ...int, description: 'the consult length the estimate uses: the median today, or the configured default' },
    samples: { ...int, description: 'consults measured today' },
    muted: { type: 'boolean', description: 'running-late texts muted for today' },
    override: object({ minutes: int, setAt: isoTime }, ['minutes', 'setAt']),
    current: object({ appointmentId: str, calledAt: isoTime }, ['appointmentId', 'calledAt']),
    waiting: {
      type: 'array',
      description: 'patients not yet called in, in the order the estimate expects: ids and times only',
      items: object({ appointmentId: str, scheduledAt: isoTime, arrivedAt: isoTime, estimateAt: isoTime, delayMinutes: int }, [
        'appointmentId',
        'scheduledAt',
        'estimateAt',
        'delayMinutes',
      ]),
    },
  },
  ['practitionerId', 'delayMinutes', 'source', 'consultMinutes', 'samples', 'muted', 'waiting'],
);

export const queuesReply = listOf(practitionerQueueReply);

/** `PUT /api/practitioners/:id/running-late`: minutes for today, or null to clear. */
export const runningLateBody = {
  type: 'object',
  additionalProperties: false,
  required: ['minutes'],
  properties: { minutes: { anyOf: [{ type: 'integer', minimum: 0, maximum: 240 }, { type: 'null' }] } },
} as const;

/** `PUT /api/practitioners/:id/late-texts`. */
export const lateTextsBody = {
  type: 'object',
  additionalProperties: false,
  required: ['muted'],
  properties: { muted: { type: 'boolean' } },
} as const;

/** `POST /api/appointments/:id/cancel`: done, and how many inbox texts it closed. */
export const cancelReply = object({ ok: { type: 'boolean', const: true }, closedTexts: int }, ['ok', 'closedTexts']);
