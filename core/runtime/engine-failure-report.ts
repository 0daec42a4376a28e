import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { EngineFailure } from '../engine/failures.js';
import type { HostCounters } from './host-metrics.js';
import type { StatusBoard } from './status-board.js';

/** A planner bug can fail every appointment of a pass: the first few are logged one by one, the rest summed up. */
const LOGGED_PER_PASS = 10;

/** A scheduled pass runs again in seconds; a reply is decided once, from the appointments that did not throw. */
const WHAT_HAPPENS: Record<EngineFailure['phase'], string> = {
  scheduled: 'engine could not decide for an appointment; skipped this pass, tried again next pass',
  incoming: "engine could not decide for an appointment; the reply was decided from the sender's other appointments",
};

export interface EngineFailureReportDeps {
  logger: Logger;
  board: Pick<StatusBoard, 'recordError'>;
  counters?: Pick<HostCounters, 'engineFailed'>;
}

/**
 * Makes the appointments a pass could not decide for visible: logged at error (appointment id,
 * step, error class/code; the stack only at debug, as it may quote the record), one status-board
 * error per step and error kind (it counts repeats and keeps them across restarts), and the
 * `clinic_arrivals_engine_failures_total` counter.
 */
export function reportEngineFailures(failures: readonly EngineFailure[], deps: EngineFailureReportDeps): void {
  if (failures.length === 0) return;
  const { logger, board, counters } = deps;
  const groups = new Map<string, { where: string; error: string; first: string; count: number }>();
  for (const [index, failure] of failures.entries()) {
    const { phase, appointmentId, step, messageId, error, cause } = failure;
    if (index < LOGGED_PER_PASS) {
      const fields = { appointmentId, step, err: error, ...(messageId !== undefined ? { messageId } : {}) };
      logger.error(fields, WHAT_HAPPENS[phase]);
      logger.debug({ ...fields, stack: cause instanceof Error ? cause.stack : undefined }, 'engine failure stack');
    }
    counters?.engineFailed(phase);
    const where = `engine ${phase} ${step}`;
    const key = `${where}\u0000${error}`;
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { where, error, first: appointmentId, count: 1 });
  }
  if (failures.length > LOGGED_PER_PASS) {
    logger.error(
      { failures: failures.length, logged: LOGGED_PER_PASS },
      'engine could not decide for more appointments this pass; the rest are not logged one by one',
    );
  }
  for (const { where, error, first, count } of groups.values()) {
    board.recordError(where, count > 1 ? `${error} for appointment ${first} and ${count - 1} more` : `${error} for appointment ${first}`);
  }
}
