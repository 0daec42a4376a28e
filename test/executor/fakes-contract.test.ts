import { describeMessageSenderContract, type SendFailureKind } from '@clinic-arrivals/plugin-kit/testing';
import { describeVideoProviderContract } from '@clinic-arrivals/plugin-kit/testing';
import { AuthError, InvalidNumberError, OptedOutError, RateLimitedError, UnavailableError } from '@clinic-arrivals/plugin-kit';
import { CountingVideo, RecordingSender } from './fakes.js';

/* The executor's fakes keep the port contracts, so what its tests show holds for real plugins. */

const FAILURE: Record<SendFailureKind, () => Error> = {
  'invalid-number': () => new InvalidNumberError('not a mobile'),
  'opted-out': () => new OptedOutError('replied STOP'),
  'rate-limited': () => new RateLimitedError('slow down', { retryAfterMs: 1000 }),
  auth: () => new AuthError('bad token'),
  unavailable: () => new UnavailableError('503'),
};

describeMessageSenderContract({
  name: 'executor test fake RecordingSender',
  capabilities: ['errorMapping'],
  setup: async () => {
    const sender = new RecordingSender();
    return { sender, sent: async () => sender.sent, failNext: (kind) => sender.failNext(FAILURE[kind]()) };
  },
});

describeVideoProviderContract({
  name: 'executor test fake CountingVideo',
  collisionRooms: 200,
  setup: async () => ({ provider: new CountingVideo() }),
});
