import type { Clock } from '@clinic-arrivals/plugin-kit';
import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { HostConfig } from '../config/types.js';
import type { Executor } from '../executor/executor.js';
import { toE164 } from '../phone/normalise.js';

/** What an alert text says: what fails, its error code, since when (clinic time). */
export interface AlertVariables {
  system: string;
  code: string;
  since: string;
}

/**
 * Texts the clinic's admin number when the host starts and stops, so a silent host is noticed,
 * and when texting or the PMS keeps failing (core/runtime/alerts).
 * Goes through the outbox like every other text (bypassing quiet hours and caps, which are for patients).
 */
export class AdminNotifier {
  private readonly to?: string;

  constructor(
    private readonly executor: Executor,
    config: HostConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    const raw = config.workflow.adminNumber;
    if (!raw) return;
    this.to = toE164(raw, config.clinic.region);
    if (!this.to) logger.warn('workflow.adminNumber is not a usable phone number; no start/stop texts');
  }

  /** An admin number is configured and usable. */
  get enabled(): boolean {
    return this.to !== undefined;
  }

  /**
   * Texts an alert or recovered message. `key` names the notice, so asking again (after a
   * restart, or to retry) never sends a second copy: the outbox sends at most once per key and
   * keeps its own retry schedule. `retry` means not out yet; ask again later.
   */
  async sendAlert(template: 'AlertFailing' | 'AlertRecovered', key: string, vars: AlertVariables): Promise<'sent' | 'retry' | 'failed'> {
    if (!this.to) return 'failed';
    const result = await this.executor.sendStandalone({ type: 'send', key, to: this.to, template, vars: { ...vars } });
    return result === 'done' ? 'sent' : result === 'deferred' ? 'retry' : 'failed';
  }

  async notify(template: 'HostStarted' | 'HostStopped'): Promise<void> {
    if (!this.to) return;
    const at = new Date(this.clock.now()).toISOString();
    await this.executor.sendStandalone({ type: 'send', key: `admin:${template}:${at}`, to: this.to, template });
    this.logger.debug({ template }, 'admin notified');
  }
}
