import type { Store } from '../store/store.js';
import type { PluginHealthFeed } from './plugin-health-feed.js';

/** `ready` false with log-safe reasons (codes and role names only, never remote text). */
export interface Readiness {
  ready: boolean;
  reasons: string[];
}

/** Roles without which the host cannot do its job: appointments in, texts out. */
const ESSENTIAL_ROLES = new Set(['pms', 'sms']);
/** An error code as the host's registry spells them (`CA_ERR_…`); anything else is not repeated. */
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,59}$/;

/**
 * Whether the host can do its work now (`GET /api/ready`): the store answers a real query,
 * and neither the PMS nor the SMS plugin is down in the health feed. A degraded plugin
 * (retries, some failures) still counts as ready: the loops are coping with it.
 */
export class HostReadiness {
  constructor(
    private readonly store: Store,
    private healthFeed?: PluginHealthFeed,
  ) {}

  /** Connects plugin health when it is built after the readiness check; until then only the store decides. */
  useHealthFeed(feed: PluginHealthFeed): void {
    this.healthFeed = feed;
  }

  async check(): Promise<Readiness> {
    const reasons: string[] = [];
    try {
      await this.store.ping();
    } catch {
      // The error's text may name the file path: the reason stays a fixed phrase.
      reasons.push('store: unusable');
    }
    for (const state of this.healthFeed?.current() ?? []) {
      if (!ESSENTIAL_ROLES.has(state.role) || state.status !== 'down') continue;
      const code = state.lastError && ERROR_CODE.test(state.lastError.code) ? ` (${state.lastError.code})` : '';
      reasons.push(`${state.role}: down${code}`);
    }
    return { ready: reasons.length === 0, reasons };
  }
}
