import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { BookedGuestInput, GuestBookingRefusal, GuestControl } from '../host-api.js';
import { ApiHttpError, notFound } from '../http-errors.js';
import { list } from '../views.js';
import { actorName, recordActivity } from '../activity-recorder.js';
import type { RouteModule } from './route-module.js';

const appointmentParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const grantParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'grantId'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 }, grantId: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** A guest as reception sees it: never the link, never a full number, never the patient's name. */
const guestGrantView = {
  type: 'object',
  required: ['grantId', 'state', 'grantedBy', 'displayName', 'createdAt', 'expiresAt'],
  properties: {
    grantId: { type: 'string' },
    state: { type: 'string', enum: ['booked', 'granted', 'linked', 'sent', 'revoked', 'expired'] },
    grantedBy: { type: 'string', enum: ['patient', 'reception'] },
    displayName: { type: 'string' },
    kind: { type: 'string', enum: ['interpreter', 'clinician'] },
    phoneMasked: { type: 'string', description: 'last digits only, e.g. •••123 (booked guests)' },
    patientToldAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    sentAt: { type: 'string', format: 'date-time' },
    joinedAt: { type: 'string', format: 'date-time' },
    revokedAt: { type: 'string', format: 'date-time' },
    revokedBy: { type: 'string' },
  },
} as const;

const revocationView = {
  type: 'object',
  required: ['grant', 'changed', 'removedFromCall'],
  properties: { grant: guestGrantView, changed: { type: 'boolean' }, removedFromCall: { type: 'boolean' } },
} as const;

const bookedGuestBody = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'displayName', 'phone'],
  properties: {
    kind: { type: 'string', enum: ['interpreter', 'clinician'] },
    displayName: { type: 'string', minLength: 1, maxLength: 60, description: "shown in the call and in the patient's text; never the patient's name" },
    phone: { type: 'string', minLength: 3, maxLength: 40, description: "the guest's mobile, read in the clinic's region" },
  },
} as const;

const bookingView = {
  type: 'object',
  required: ['grant', 'inviteOut'],
  properties: { grant: guestGrantView, inviteOut: { type: 'boolean' } },
} as const;

/** Refusals that are the request's fault (400); the others are the consult's state (409). */
const BAD_INPUT: ReadonlySet<GuestBookingRefusal> = new Set(['invalid-name', 'invalid-phone', 'patient-name', 'patient-phone']);

/** A refused booking as an HTTP answer: `CA_ERR_GUEST_<REASON>`, so the app can say it in its own words. */
function refusal(reason: GuestBookingRefusal, message: string): ApiHttpError {
  if (reason === 'not-found') return notFound(message);
  const code = `CA_ERR_GUEST_${reason.toUpperCase().replaceAll('-', '_')}`;
  return new ApiHttpError(BAD_INPUT.has(reason) ? 400 : 409, message, code);
}

function guestsOf(control: { guests?: GuestControl }): GuestControl {
  if (!control.guests) throw new NotFoundError('this host offers no guests');
  return control.guests;
}

/** Guests of a video consult: list, book (reception), and revoke (recorded with who and when). */
export const guestRoutes: RouteModule = (app, control) => {
  app.get<{ Params: { id: string } }>(
    '/api/appointments/:id/guests',
    {
      schema: {
        summary: "an appointment's guests: state, who granted, when (never the link)",
        params: appointmentParams,
        response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: guestGrantView } } } },
      },
    },
    async (request) => list(await guestsOf(control).list(request.params.id)),
  );

  app.post<{ Params: { id: string }; Body: BookedGuestInput }>(
    '/api/appointments/:id/guests',
    {
      schema: {
        summary: "book an interpreter or clinician into a video consult: texted their own link at the patient's invite (at once when it is out)",
        params: appointmentParams,
        body: bookedGuestBody,
        response: { 201: bookingView },
      },
    },
    async (request, reply) => {
      const guests = guestsOf(control);
      if (!guests.book) throw notFound('this host books no guests');
      const { id } = request.params;
      const outcome = await guests.book(id, request.body, actorName(request));
      if (!outcome.ok) throw refusal(outcome.reason, outcome.message);
      await recordActivity(request, 'guest-book', { appointmentId: id, grantId: outcome.grant.grantId, kind: outcome.grant.kind ?? '' });
      return reply.code(201).send(outcome);
    },
  );

  app.post<{ Params: { id: string; grantId: string } }>(
    '/api/appointments/:id/guests/:grantId/revoke',
    {
      schema: {
        summary: "revoke a guest's link (and take them out of the call where the provider can); idempotent",
        params: grantParams,
        response: { 200: revocationView },
      },
    },
    async (request) => {
      const { id, grantId } = request.params;
      const revocation = await guestsOf(control).revoke(id, grantId, actorName(request));
      if (revocation.changed) await recordActivity(request, 'guest-revoke', { appointmentId: id, grantId, removedFromCall: revocation.removedFromCall });
      return revocation;
    },
  );
};
