import type { Appointment } from '@clinic-arrivals/plugin-kit';
import { notFound } from '../http-errors.js';
import { idParams } from '../schemas.js';
import { HTTP_LINK_PATTERN } from '../validation.js';
import { list } from '../views.js';
import { recordActivity } from '../activity-recorder.js';
import { appointment, okReply, simulatorAppointments } from '../response-schemas.js';
import type { RouteModule } from './route-module.js';
import { activeSimulator } from './simulator-guard.js';

const APPOINTMENT_STATUSES = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled',
  'noshow', 'entered-in-error', 'checked-in', 'waitlist',
] as const;

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength }) as const;
const time = { type: 'string', format: 'date-time' } as const;

const person = (extra: Record<string, unknown>) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['id', 'name'],
    properties: { id: text(200), name: text(200), ...extra },
  }) as const;

/** Appointment fields as JSON schema; `forCreate` adds defaults and required fields. */
function appointmentSchema(forCreate: boolean) {
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
      // Sent to patients as the link to tap: a javascript: or data: "link" must never get that far.
      videoLink: { type: 'string', format: 'uri', pattern: HTTP_LINK_PATTERN, maxLength: 2000 },
      created: time,
    },
  } as const;
}

type NewAppointment = Omit<Appointment, 'id'> & { id?: string };

/** pms-simulator: the appointment book the host polls. */
export const simulatorPmsRoutes: RouteModule = (app, control) => {
  app.get('/api/simulator/appointments', { schema: { summary: 'simulated PMS appointments', response: { 200: simulatorAppointments } } }, async () =>
    list(await activeSimulator(control, 'pms').listAll()),
  );

  app.post<{ Body: NewAppointment }>(
    '/api/simulator/appointments',
    { schema: { summary: 'add (or replace, by id) an appointment', body: appointmentSchema(true), response: { 201: appointment } } },
    async (request, reply) => {
      const stored = await activeSimulator(control, 'pms').upsert(request.body);
      await recordActivity(request, 'simulator', { what: 'save-appointment', appointmentId: stored.id });
      return reply.code(201).send(stored);
    },
  );

  app.patch<{ Params: { id: string }; Body: Partial<Omit<Appointment, 'id'>> }>(
    '/api/simulator/appointments/:id',
    { schema: { summary: 'edit an appointment (status, start…)', params: idParams, body: appointmentSchema(false), response: { 200: appointment } } },
    async (request) => {
      const updated = await activeSimulator(control, 'pms').update(request.params.id, request.body);
      await recordActivity(request, 'simulator', { what: 'edit-appointment', appointmentId: request.params.id });
      return updated;
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/api/simulator/appointments/:id',
    { schema: { summary: 'remove an appointment', params: idParams, response: { 200: okReply } } },
    async (request) => {
      const pms = activeSimulator(control, 'pms');
      const exists = (await pms.listAll()).some((appointment) => appointment.id === request.params.id);
      if (!exists) throw notFound(`no simulated appointment with id "${request.params.id}"`);
      await pms.remove(request.params.id);
      await recordActivity(request, 'simulator', { what: 'remove-appointment', appointmentId: request.params.id });
      return { ok: true };
    },
  );
};
