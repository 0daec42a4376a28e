import { APPOINTMENT_STATUSES, NotFoundError, pluginRoute, type Appointment, type PluginRoute } from '@clinic-arrivals/plugin-kit';
import type { SimulatedAppointmentInput } from './options.js';
import type { PmsSimulator } from './pms-simulator.js';

/*
 * The simulated appointment book on the local API (the reception app's simulator screen).
 * Paths predate plugin routes and stay as they are.
 */

// Sent to patients as the link to tap: a javascript: or data: "link" must never get that far.
const HTTP_LINK_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const time = { type: 'string', format: 'date-time' } as const;
const str = { type: 'string' } as const;

const person = (extra: Record<string, unknown>) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name'],
    properties: { id: text(200), name: text(200), ...extra },
  }) as const;

/** Appointment fields as a request schema; `forCreate` adds defaults and required fields. */
function appointmentBody(forCreate: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    ...(forCreate ? { required: ['start', 'patient', 'practitioner'] } : { minProperties: 1 }),
    properties: {
      ...(forCreate ? { id: text(200) } : {}),
      start: time,
      end: time,
      status: forCreate ? { enum: APPOINTMENT_STATUSES, default: 'booked' } : { enum: APPOINTMENT_STATUSES },
      patient: person({ firstName: text(100), mobile: text(32) }),
      practitioner: person({}),
      isVideo: forCreate ? { type: 'boolean', default: false } : { type: 'boolean' },
      videoLink: { type: 'string', format: 'uri', pattern: HTTP_LINK_PATTERN, maxLength: 2000 },
      created: time,
      interpreterRequired: { type: 'boolean' },
      /** The patient's language (BCP 47); empty on an edit clears it. */
      language: { type: 'string', pattern: '^$|^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$', maxLength: 35 },
    },
  } as const;
}

/** An appointment as the simulator holds it (response schema). */
const appointment = {
  type: 'object',
  properties: {
    id: str,
    start: { ...str, description: 'ISO 8601 with offset' },
    end: str,
    status: str,
    patient: { type: 'object', properties: { id: str, name: str, firstName: str, mobile: str }, required: ['id', 'name'] },
    practitioner: { type: 'object', properties: { id: str, name: str }, required: ['id', 'name'] },
    isVideo: { type: 'boolean' },
    videoLink: str,
    created: str,
    interpreterRequired: { type: 'boolean' },
    language: { ...str, description: "the patient's preferred language (BCP 47)" },
    confirmedAt: { ...str, description: 'when the patient confirmed by text (ISO 8601)' },
    cancellationReason: { type: 'string', enum: ['patient'], description: 'set when the host cancelled because the patient asked to' },
  },
  required: ['id', 'start', 'status', 'patient', 'practitioner', 'isVideo'],
} as const;

const okReply = { type: 'object', properties: { ok: { type: 'boolean', const: true } }, required: ['ok'] } as const;

const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

type IdParams = { id: string };

/** Routes over one simulator's appointment book. */
export function pmsSimulatorRoutes(pms: PmsSimulator): PluginRoute[] {
  return [
    pluginRoute({
      method: 'GET',
      path: '/api/simulator/appointments',
      schema: {
        summary: 'simulated PMS appointments',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: appointment } }, required: ['items'] } },
      },
      handler: async () => ({ body: { items: await pms.listAll() } }),
    }),
    pluginRoute<SimulatedAppointmentInput>({
      method: 'POST',
      path: '/api/simulator/appointments',
      schema: { summary: 'add (or replace, by id) an appointment', body: appointmentBody(true), response: { 201: appointment } },
      handler: async (request, host) => {
        const stored = await pms.upsert(request.body);
        await host.recordActivity({ what: 'save-appointment', appointmentId: stored.id });
        return { status: 201, body: stored };
      },
    }),
    pluginRoute<Partial<Omit<Appointment, 'id'>>, IdParams>({
      method: 'PATCH',
      path: '/api/simulator/appointments/:id',
      schema: { summary: 'edit an appointment (status, start…)', params: idParams, body: appointmentBody(false), response: { 200: appointment } },
      handler: async (request, host) => {
        const updated = await pms.update(request.params.id, request.body);
        await host.recordActivity({ what: 'edit-appointment', appointmentId: request.params.id });
        return { body: updated };
      },
    }),
    pluginRoute<unknown, IdParams>({
      method: 'DELETE',
      path: '/api/simulator/appointments/:id',
      schema: { summary: 'remove an appointment', params: idParams, response: { 200: okReply } },
      handler: async (request, host) => {
        const { id } = request.params;
        const exists = (await pms.listAll()).some((a) => a.id === id);
        if (!exists) throw new NotFoundError(`no simulated appointment with id "${id}"`);
        await pms.remove(id);
        await host.recordActivity({ what: 'remove-appointment', appointmentId: id });
        return { body: { ok: true } };
      },
    }),
  ];
}
