import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { HostConfig } from '../config/types.js';
import type { EngineSettings } from '../engine/decisions.js';
import { acceptedWords } from '../engine/keywords.js';
import type { MessageRenderer } from '../executor/message-renderer.js';
import { LAST_MESSAGE_NOTICE } from '../templates/defaults.js';
import { TemplateService } from '../templates/template-service.js';
import type { StatusBoard } from './status-board.js';
import { describeError } from '@clinic-arrivals/plugin-kit';

/**
 * The host's templates: defaults, then config. A bad configured template throws (the config is
 * wrong, so start-up stops); edits kept in the store come after, with {@link restoreTemplateEdits}.
 */
export function templatesFor(config: HostConfig, settings: EngineSettings, clock: Clock): TemplateService {
  return new TemplateService({
    clinic: config.clinic,
    configured: config.templates,
    acceptedWords: acceptedWords(settings),
    clock,
  });
}

/**
 * Applies the edits made through the API and kept in the store. An edit that no longer passes
 * (for example after a keyword change) is set aside with a warning rather than stopping the clinic.
 */
export async function restoreTemplateEdits(templates: TemplateService, deps: { store: Store; logger: Logger; board: StatusBoard }): Promise<void> {
  const { store, logger, board } = deps;
  for (const [name, text] of Object.entries(await store.listTemplateOverrides())) {
    try {
      templates.set(name, text);
    } catch (error) {
      const described = describeError(error);
      logger.warn({ template: name, err: described }, 'edited template no longer valid; using the configured or default text');
      board.recordError(`template ${name}`, described);
    }
  }
}

/** Adapts the TemplateService to what the executor needs. */
export function rendererFor(templates: TemplateService): MessageRenderer {
  return {
    render: (name, variables) =>
      templates.render(name, {
        appointment: variables.appointment,
        url: variables.url,
        room: typeof variables.room === 'string' ? variables.room : undefined,
        text: typeof variables.text === 'string' ? variables.text : undefined,
        system: typeof variables.system === 'string' ? variables.system : undefined,
        code: typeof variables.code === 'string' ? variables.code : undefined,
        since: typeof variables.since === 'string' ? variables.since : undefined,
        minutes: typeof variables.minutes === 'string' ? variables.minutes : undefined,
        guestName: typeof variables.guestName === 'string' ? variables.guestName : undefined,
        guestKind: typeof variables.guestKind === 'string' ? variables.guestKind : undefined,
        guestNames: typeof variables.guestNames === 'string' ? variables.guestNames : undefined,
      }),
    lastMessageNotice: LAST_MESSAGE_NOTICE,
  };
}
