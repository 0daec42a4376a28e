import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { HostConfig } from '../config/types.js';
import type { Executor } from '../executor/executor.js';
import { toE164 } from '../phone/normalise.js';

/**
 * Texts the clinic's admin number when the host starts and stops, so a silent host is noticed.
 * Goes through the outbox like every other text (bypassing quiet hours and caps, which are for patients).
 */
export class AdminNotifier {
  private readonly to?: string;

  constructor(private readonly executor: Executor, config: HostConfig, private readonly clock: Clock, private readonly logger: Logger) {
    const raw = config.workflow.adminNumber;
    if (!raw) return;
    this.to = toE164(raw, config.clinic.region);
    if (!this.to) logger.warn('workflow.adminNumber is not a usable phone number; no start/stop texts');
  }

  async notify(template: 'HostStarted' | 'HostStopped'): Promise<void> {
    if (!this.to) return;
    const at = new Date(this.clock.now()).toISOString();
    await this.executor.sendStandalone({ type: 'send', key: `admin:${template}:${at}`, to: this.to, template });
    this.logger.debug({ template }, 'admin notified');
  }
}
