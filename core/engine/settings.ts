import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import { toE164 } from '../phone/normalise.js';
import type { EngineSettings } from './decisions.js';
import { MAX_JOIN_CODES } from './join-code-plan.js';
import { buildReplyWordLists } from './keyword-lists.js';
import { buildKeywordMap } from './keywords.js';
import type { WorkflowSettings } from './workflow-settings.js';

/**
 * Derives the engine's fixed settings from the validated config's clinic and workflow, once at
 * start-up (the whole host config fits; the engine reads only these two).
 * Keywords: defaults plus `workflow.keywords` extras (normalised; reserved words dropped); reply
 * words per language from the shipped lists and `workflow.keywordsByLanguage`, an appointment
 * without a language reading as the clinic's default (`clinic.language`, else English).
 * Whitelist: normalised to E.164 in the clinic's region; unusable entries are dropped
 * (the config validator reports them), so they can never match a patient by accident.
 * Guests: `video.maxGuests` (default 2) when video is on, and whether the provider makes guest links.
 * Join codes: `video.verifyJoin` (default off) when video is on, codes working `video.joinCodeMinutes` (15).
 */
export function buildEngineSettings(
  config: {
    clinic: ClinicInfo & { language?: string };
    workflow: WorkflowSettings;
    video?: { maxGuests?: number; verifyJoin?: boolean; joinCodeMinutes?: number };
  },
  videoEnabled: boolean,
  guestLinks = false,
): EngineSettings {
  const keywords = buildKeywordMap(config.workflow.keywords);
  const whitelist = new Set<string>();
  for (const raw of config.workflow.whitelist ?? []) {
    const e164 = toE164(raw, config.clinic.region);
    if (e164) whitelist.add(e164);
  }
  return {
    clinic: config.clinic,
    workflow: config.workflow,
    videoEnabled,
    keywords,
    replyWords: buildReplyWordLists(config.workflow, config.clinic.language ?? 'en', keywords),
    whitelist,
    guests: { max: videoEnabled ? (config.video?.maxGuests ?? 2) : 0, linksAvailable: videoEnabled && guestLinks },
    ...(videoEnabled && config.video?.verifyJoin ? { joinCode: { minutes: config.video.joinCodeMinutes ?? 15, maxCodes: MAX_JOIN_CODES } } : {}),
  };
}
