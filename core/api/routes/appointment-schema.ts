/*
 * The JSON schema of `GET /api/appointments/today`. Fastify serialises with it, so it is also
 * a guard: the patient object is closed and has no `mobile`, so the full number cannot reach
 * the wire even if a view forgot to drop it.
 */

const text = { type: 'string' } as const;
const isoTime = { type: 'string', format: 'date-time' } as const;
const clockTime = { type: 'string', pattern: '^\\d{2}:\\d{2}$' } as const;

/** The confirm question's states (see AppointmentProgress.confirm). */
const CONFIRM_STATES = ['asked', 'confirmed', 'cancel', 'wants-cancel', 'cancelled'] as const;

const appointment = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'start', 'status', 'patient', 'practitioner', 'isVideo'],
  properties: {
    id: text,
    start: text,
    end: text,
    status: text,
    patient: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'name'],
      properties: { id: text, name: text, firstName: text },
    },
    practitioner: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: text, name: text } },
    isVideo: { type: 'boolean' },
    videoLink: text,
    created: text,
    interpreterRequired: { type: 'boolean', description: 'the PMS says the patient needs an interpreter' },
  },
} as const;

/** Progress fields are listed for the documentation; fields added later still pass through. */
const progress = {
  type: 'object',
  additionalProperties: true,
  required: ['appointmentId'],
  properties: {
    appointmentId: text,
    plannedStart: text,
    lastStatus: text,
    registrationSentAt: isoTime,
    screening: { type: 'string', enum: ['asked', 'video', 'in-person'] },
    screeningSentAt: isoTime,
    videoInviteSentAt: isoTime,
    arrivedAt: isoTime,
    arrivedBy: text,
    doctorReadySentAt: isoTime,
    cancellationSentAt: isoTime,
    room: {
      type: 'object',
      additionalProperties: false,
      required: ['roomId', 'patientLink', 'practitionerLink'],
      properties: { roomId: text, patientLink: text, practitionerLink: text, expiresAt: text },
    },
    roomClosedAt: isoTime,
    videoRecordedInPms: { type: 'boolean' },
    confirm: { type: 'string', enum: CONFIRM_STATES },
    confirmAnsweredAt: isoTime,
    replyUnclearAt: isoTime,
    calledAt: isoTime,
    doneAt: isoTime,
    lateTexts: { type: 'integer' },
    lateToldMinutes: { type: 'integer' },
    waitAnsweredAt: isoTime,
  },
} as const;

const todayItem = {
  type: 'object',
  additionalProperties: false,
  required: ['appointment', 'state', 'startLocal', 'patientFirstName', 'practitioner', 'pmsStatus', 'isVideo', 'stateText'],
  properties: {
    appointment,
    state: { ...text, description: 'workflow state code, e.g. awaiting-screening-reply' },
    progress,
    startLocal: { ...clockTime, description: 'start in the clinic time zone, HH:MM' },
    patientFirstName: text,
    phoneMasked: { ...text, description: 'last three digits only, e.g. •••678' },
    practitioner: { type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: text, name: text } },
    pmsStatus: text,
    isVideo: { type: 'boolean' },
    stateText: { ...text, description: 'the workflow state in words, at clinic time' },
    lastText: {
      type: 'object',
      additionalProperties: false,
      required: ['template', 'at', 'status'],
      properties: {
        template: text,
        at: isoTime,
        status: { type: 'string', enum: ['pending', 'sent', 'failed', 'retry', 'unknown'] },
        deliveryStatus: { type: 'string', enum: ['queued', 'sent', 'delivered', 'undelivered', 'failed'] },
        deliveryErrorCode: text,
      },
    },
    nextStep: {
      type: 'object',
      additionalProperties: false,
      required: ['step', 'at'],
      properties: { step: text, template: text, at: isoTime },
    },
    attention: { type: 'string', enum: ['failed', 'unknown', 'undelivered'] },
    interpreterNeeded: {
      type: 'boolean',
      description: 'a video consult whose patient needs an interpreter (the PMS says so) with no live interpreter guest booked yet',
    },
    confirm: {
      type: 'object',
      additionalProperties: false,
      required: ['state'],
      description:
        'the confirm question: asked, confirmed, wants-cancel (a NO waiting for reception), cancel (being cancelled), cancelled; answeredAt when the patient answered',
      properties: { state: { type: 'string', enum: CONFIRM_STATES }, answeredAt: isoTime },
    },
    replyUnclearAt: { ...isoTime, description: 'a reply to the confirm question the host could not read: reception should call' },
    lateTexts: {
      type: 'object',
      additionalProperties: false,
      required: ['count'],
      description: 'running-late texts sent, and the delay in minutes the last one told',
      properties: { count: { type: 'integer' }, toldMinutes: { type: 'integer' } },
    },
    estimate: {
      type: 'object',
      additionalProperties: false,
      required: ['at', 'delayMinutes'],
      description: "when the practitioner is expected to call the patient in (today's waiting patients), and minutes past the start",
      properties: { at: isoTime, delayMinutes: { type: 'integer' } },
    },
    textProblem: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'at', 'attempts'],
      description: "the latest text did not (surely) go: failed, outcome unknown, waiting to retry, or retried out; code is the host's CA_ERR_ code",
      properties: {
        status: { type: 'string', enum: ['failed', 'unknown', 'retry', 'retried-out'] },
        code: { ...text, pattern: '^CA_ERR_[A-Z0-9_]+$' },
        at: isoTime,
        attempts: { type: 'integer' },
      },
    },
  },
} as const;

export const todayResponseSchema = {
  200: {
    type: 'object',
    additionalProperties: false,
    required: ['items'],
    properties: { items: { type: 'array', items: todayItem } },
  },
} as const;
