import type { FastifyRequest } from 'fastify';
import { OPEN_ACCESS_ACTOR, type ActivityAction, type ActivityDetail } from '../auth/activity.js';
import { describeError } from '../plugin/errors.js';

/**
 * Records a staff action in the activity log under the caller's name. Call it after the action
 * succeeded. `detail` holds ids only (appointment, message, template, practitioner), never an
 * SMS body or a phone number. A failure to record is logged, not thrown: the action is done.
 *
 * @example
 * await recordActivity(request, 'mark-done', { messageId: request.params.id });
 */
export async function recordActivity(request: FastifyRequest, action: ActivityAction, detail?: ActivityDetail): Promise<void> {
  const actor = request.staff?.name ?? OPEN_ACCESS_ACTOR;
  try {
    await request.server.staffAuth.record(actor, action, detail);
  } catch (error) {
    request.server.staffAuth.logger.error({ action, error: describeError(error) }, 'activity not recorded');
  }
}
