import type { HostConfig } from '../config/types.js';
import { toE164 } from '../phone/normalise.js';
import type { EngineSettings } from './decisions.js';
import { buildKeywordMap } from './keywords.js';

/**
 * Derives the engine's fixed settings from a validated config, once at start-up.
 * Keywords: defaults plus `workflow.keywords` extras (normalised; reserved words dropped).
 * Whitelist: normalised to E.164 in the clinic's region; unusable entries are dropped
 * (the config validator reports them), so they can never match a patient by accident.
 */
export function buildEngineSettings(config: HostConfig, videoEnabled: boolean): EngineSettings {
  const whitelist = new Set<string>();
  for (const raw of config.workflow.whitelist ?? []) {
    const e164 = toE164(raw, config.clinic.region);
    if (e164) whitelist.add(e164);
  }
  return {
    clinic: config.clinic,
    workflow: config.workflow,
    videoEnabled,
    keywords: buildKeywordMap(config.workflow.keywords),
    whitelist,
  };
}
