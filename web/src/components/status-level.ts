import type { HostStatus } from '../api/client';

/** One sentence of the banner: an i18n key and its values. */
export interface BannerLine {
  key: string;
  values?: Record<string, string | number>;
}

export interface BannerState {
  /** red: patients may miss texts or the list is wrong; amber: working with problems; green: well. */
  level: 'red' | 'amber' | 'green';
  lines: BannerLine[];
}

/**
 * The banner on every page. Red when texting or the PMS is failing or a text's outcome is
 * unknown (someone must act), amber when anything else is degraded, green otherwise.
 */
export function bannerState(status: HostStatus | undefined, unreachable: boolean): BannerState {
  if (unreachable || !status) return { level: unreachable ? 'red' : 'green', lines: unreachable ? [{ key: 'banner.unreachable' }] : [] };
  const red: BannerLine[] = [];
  const amber: BannerLine[] = [];
  for (const plugin of status.plugins) {
    const health = plugin.health.status;
    if (health === 'down' && plugin.role === 'sms') red.push({ key: 'banner.smsDown' });
    else if (health === 'down' && plugin.role === 'pms') red.push({ key: 'banner.pmsDown' });
    else if (health !== 'ok') amber.push({ key: 'banner.pluginTrouble', values: { role: plugin.role, health } });
  }
  if (status.unknownSends > 0) red.push({ key: 'banner.unknownSends', values: { count: status.unknownSends } });
  if (status.messagesToday.failed > 0) amber.push({ key: 'banner.failedToday', values: { count: status.messagesToday.failed } });
  if (red.length > 0) return { level: 'red', lines: red };
  if (amber.length > 0) return { level: 'amber', lines: amber };
  return { level: 'green', lines: [{ key: 'banner.ok' }] };
}
