import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { Store } from '../store/store.js';
import type { HostConfig } from '../config/types.js';
import type { EngineSettings } from '../engine/decisions.js';
import { acceptedWordsIn, replyWordListsOf } from '../engine/keyword-lists.js';
import type { MessageRenderer, RenderVariables } from '../executor/message-renderer.js';
import { clinicLanguages } from '../templates/clinic-languages.js';
import { LanguageTemplates, parseEditKey } from '../templates/language-templates.js';
import { SHIPPED_TRANSLATIONS } from '../templates/translations/index.js';
import type { RenderContext } from '../templates/variables.js';
import { LAST_MESSAGE_NOTICE } from '../templates/defaults.js';
import { TemplateService } from '../templates/template-service.js';
import type { StatusBoard } from './status-board.js';
import { describeError } from '@clinic-arrivals/plugin-kit';

/**
 * The host's templates in every language the clinic offers: defaults and shipped translations,
 * then config. A bad configured template throws (the config is wrong, so start-up stops);
 * edits kept in the store come after, with {@link restoreTemplateEdits}.
 */
export function languageTemplatesFor(config: HostConfig, settings: EngineSettings, clock: Clock): LanguageTemplates {
  const lists = replyWordListsOf(settings);
  return new LanguageTemplates({
    clinic: config.clinic,
    ...clinicLanguages(config.clinic),
    configured: config.templates,
    shipped: SHIPPED_TRANSLATIONS,
    // Each language's texts may ask for that language's reply words, and English ones.
    acceptedWordsFor: (language) => acceptedWordsIn(lists, language),
    clock,
  });
}

/** The default language's templates (what the API's editor and staff replies use). */
export function templatesFor(config: HostConfig, settings: EngineSettings, clock: Clock): TemplateService {
  return languageTemplatesFor(config, settings, clock).defaultService;
}

/**
 * Applies the edits made through the API and kept in the store (`Name`, or `Name@lang` for a
 * language other than the default). An edit that no longer passes (for example after a keyword
 * change, or its language is no longer offered) is set aside with a warning rather than stopping the clinic.
 */
export async function restoreTemplateEdits(templates: LanguageTemplates, deps: { store: Store; logger: Logger; board: StatusBoard }): Promise<void> {
  const { store, logger, board } = deps;
  for (const [key, text] of Object.entries(await store.listTemplateOverrides())) {
    const [name, language] = parseEditKey(key, templates.defaultLanguage);
    try {
      templates.set(name, language, text);
    } catch (error) {
      const described = describeError(error);
      logger.warn({ template: name, language, err: described }, 'edited template no longer valid; using the configured or default text');
      board.recordError(`template ${key}`, described);
    }
  }
}

/** Where the renderer reports a text asked in a language it went out without. */
export type LanguageGapSink = (language: string, template: string) => void | Promise<void>;

/**
 * Adapts the templates to what the executor needs: each text in its appointment's language
 * when the clinic has it, else in the default language with the gap reported to `gaps`.
 */
export function rendererFor(templates: TemplateService | LanguageTemplates, gaps?: LanguageGapSink): MessageRenderer {
  const byLanguage = templates instanceof LanguageTemplates ? templates : undefined;
  return {
    render: async (name, variables) => {
      const ctx = renderContextOf(variables);
      if (!byLanguage) return (templates as TemplateService).render(name, ctx);
      const rendered = byLanguage.render(name, ctx, variables.appointment?.language ?? variables.language);
      if (rendered.missing) await gaps?.(rendered.missing, name);
      return rendered.text;
    },
    lastMessageNotice: LAST_MESSAGE_NOTICE,
  };
}

function renderContextOf(variables: RenderVariables): RenderContext {
  return {
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
    delay: typeof variables.delay === 'string' ? variables.delay : undefined,
    // Formatted by the template service of the text's language (core/templates/format-times.ts).
    times: variables.times,
  };
}
