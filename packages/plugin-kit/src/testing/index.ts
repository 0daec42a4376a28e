/**
 * The plugin author's kit: a manual clock, a ready plugin context, options validation as the
 * host does it, and one contract suite per port. The suites assert with `node:assert` and
 * declare their tests with the runner's functions you pass (or the global ones), so they
 * need no test library of their own. A plugin's test is a few lines:
 *
 * @example
 * import { describe, it } from 'node:test';
 * import { describeMessageSenderContract } from '@clinic-arrivals/plugin-kit/testing';
 * describeMessageSenderContract({ name: 'sms-acme', setup: async () => ({ sender, sent }) }, { describe, it });
 */
export { ManualClock } from './manual-clock.js';
export { createSilentLogger } from './silent-logger.js';
export { createTestContext, TEST_CLINIC, type TestContext, type TestContextOptions } from './test-context.js';
export { resolvePluginOptions, OptionsSchemaError } from './plugin-options.js';
export { expectRejection, type CodedError, type ExpectedError } from './expect-rejection.js';
export type { TestApi, TestFunction } from './test-api.js';
export { readInbox, atLeast } from './read-inbox.js';
export { waitFor, WAIT_FOR_TIMEOUT_MS, type WaitForOptions } from './wait-for.js';
export { estimateRandomBits } from './room-id-entropy.js';
export {
  describeAppointmentSourceContract,
  isoWithOffset,
  APPOINTMENT_SOURCE_CAPABILITIES,
  type AppointmentSourceCapability,
  type AppointmentSourceContractOptions,
  type AppointmentSourceHarness,
  type SeedAppointment,
} from './appointment-source-contract.js';
export {
  describeMessageSenderContract,
  EXPECTED_SEND_ERRORS,
  MESSAGE_SENDER_CAPABILITIES,
  type ExpectedSendError,
  type MessageSenderCapability,
  type MessageSenderContractOptions,
  type MessageSenderHarness,
  type RecordedMessage,
  type SendFailureKind,
} from './message-sender-contract.js';
export { describeInboxContract, INBOX_CAPABILITIES, type InboxCapability, type InboxContractOptions, type InboxHarness } from './inbox-contract.js';
export {
  describeVideoProviderContract,
  VIDEO_PROVIDER_CAPABILITIES,
  type VideoProviderCapability,
  type VideoProviderContractOptions,
  type VideoProviderHarness,
} from './video-provider-contract.js';
export { MemoryPluginState } from './memory-plugin-state.js';
export { simplePhoneNumbers } from './simple-phone-numbers.js';
