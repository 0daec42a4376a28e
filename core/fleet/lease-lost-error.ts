import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';

/** The stable code of {@link LeaseLostError}. */
export const LEASE_LOST_CODE = 'CA_ERR_LEASE_LOST';

/**
 * A write for a clinic was refused because this replica no longer holds the clinic's lease
 * under the token it was given (another replica took it over, or the lease expired or was
 * released). Permanent for this replica: stop working the clinic; never retry the write.
 */
export class LeaseLostError extends ClinicArrivalsError {
  constructor(
    /** The clinic whose write was refused. */
    readonly clinicId: string,
    reason: string,
  ) {
    super(LEASE_LOST_CODE, `write for clinic "${clinicId}" refused: this replica no longer holds its lease (${reason})`, { kind: 'permanent' });
  }
}
