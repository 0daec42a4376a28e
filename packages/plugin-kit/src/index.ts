/**
 * What a clinic-arrivals plugin builds on: the four role contracts, `definePlugin`, the typed
 * errors the host acts on, retry and backoff helpers, and options validation as the host
 * does it. Tests import `@clinic-arrivals/plugin-kit/testing`.
 */
export * from './contracts/appointment-source.js';
export * from './contracts/message-sender.js';
export * from './contracts/inbox.js';
export * from './contracts/join-gate.js';
export * from './contracts/video-provider.js';
export * from './contracts/clock.js';
export * from './contracts/logger.js';
export * from './plugin/define-plugin.js';
export * from './plugin/error-codes.js';
export * from './plugin/extensions.js';
export * from './plugin/errors.js';
export * from './plugin/classify.js';
export * from './plugin/retry.js';
export * from './plugin/describe-error.js';
export * from './plugin/options-ajv.js';
