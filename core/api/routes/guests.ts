import { NotFoundError } from '@clinic-arrivals/plugin-kit';
import type { GuestControl } from '../host-api.js';
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

/** A guest as reception sees it: never the link, never a number or a name. */
const guestGrantView = {
  type: 'object',
  required: ['grantId', 'state', 'grantedBy', 'displayName', 'createdAt', 'expiresAt'],
  properties: {
    grantId: { type: 'string' },
    state: { type: 'string', enum: ['granted', 'linked', 'sent', 'revoked', 'expired'] },
    grantedBy: { type: 'string', enum: ['patient', 'reception'] },
    displayName: { type: 'string' },
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

function guestsOf(control: { guests?: GuestControl }): GuestControl {
  if (!control.guests) throw new NotFoundError('this host offers no guests');
  return control.guests;
}

/** Guests a patient invited into a video consult: list, and revoke (recorded with who and when). */
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
