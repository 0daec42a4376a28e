import type { FastifyRequest } from 'fastify';
import { OPEN_ACCESS_ACTOR, type ActivityAction, type ActivityDetail } from '../auth/activity.js';
import { describeError } from '@clinic-arrivals/plugin-kit';

/**
 * Records a staff action in the activity log under the caller's name ({@link actorName}). Call it after the action
 * succeeded. `detail` holds ids only (appointment, message, template, practitioner), never an
 * SMS body or a phone number. A failure to record is logged, not thrown: the action is done.
 *
 * @example
 * await recordActivity(request, 'mark-done', { messageId: request.params.id });
 */
/**
 * The name to record for an action: the signed-in staff member, whatever the request claims;
 * without a session (open desktop use, a machine with the bearer token) the name the request
 * gives, if any, else who the caller is (`local`, `api-token`).
 */
export function actorName(request: FastifyRequest, claimed?: string): string {
  const staff = request.staff;
  if (staff && staff.via !== 'open' && staff.via !== 'token') return staff.name;
  return claimed?.trim() || staff?.name || OPEN_ACCESS_ACTOR;
}

export async function recordActivity(request: FastifyRequest, action: ActivityAction, detail?: ActivityDetail, claimedBy?: string): Promise<void> {
  const actor = actorName(request, claimedBy);
  try {
    await request.server.staffAuth.record(actor, action, detail);
  } catch (error) {
    request.server.staffAuth.logger.error({ action, error: describeError(error) }, 'activity not recorded');
  }
}
