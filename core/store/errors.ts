import { ClinicArrivalsError } from '@clinic-arrivals/plugin-kit';
import type { OutboxEntry } from './store.js';

/**
 * `beginSend` was asked to record a send whose key is already taken by an entry that is not
 * waiting for a retry. The message was (or may have been) sent already: never send it again.
 */
export class DuplicateSendError extends ClinicArrivalsError {
  constructor(
    /** The idempotency key that is taken. */
    readonly key: string,
    /** Status of the entry that holds the key. */
    readonly existingStatus: OutboxEntry['status'],
  ) {
    super('CA_ERR_DUPLICATE_SEND', `outbox key "${key}" is already taken (status ${existingStatus}); not sending twice`);
  }
}

/**
 * The store file was written by a newer clinic-arrivals (its schema version is higher than
 * the newest migration this version knows). Refused so that an older host never damages it.
 */
export class StoreVersionError extends ClinicArrivalsError {
  constructor(
    readonly fileVersion: number,
    readonly supportedVersion: number,
    location: string,
  ) {
    super(
      'CA_ERR_STORE_VERSION',
      `store ${location} has schema version ${fileVersion}, but this clinic-arrivals understands up to ` +
        `version ${supportedVersion}. Upgrade clinic-arrivals, or point store.path at another file.`,
    );
  }
}
