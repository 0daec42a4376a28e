import type { InjectionToken } from 'tsyringe';
import type { MessageRenderer } from './message-renderer.js';
import type { VideoGateway } from './video-gateway.js';
import type { ExecutionSink } from './execution-sink.js';

/*
 * Tokens for the executor's own collaborators (the port tokens live in core/contracts/tokens).
 * Symbol.for for the same reason as there: a second copy of core resolves the same tokens.
 */
export const EXECUTOR_TOKENS = {
  /** Renders a template into an SMS body (the host registers its TemplateService adapter). */
  Renderer: Symbol.for('clinic-arrivals.executor.Renderer') as InjectionToken<MessageRenderer>,
  /** The video provider, or an empty gateway when video is off. */
  Video: Symbol.for('clinic-arrivals.executor.Video') as InjectionToken<VideoGateway>,
  /** Where failures go for the status page. */
  Sink: Symbol.for('clinic-arrivals.executor.Sink') as InjectionToken<ExecutionSink>,
} as const;
