import { useTranslation } from 'react-i18next';
import { useHostStatus } from '../api/queries';
import { hostPath } from '../base-path';
import { followLink } from '../routing';
import { bannerState, type BannerLine } from './status-level';

/** Red, amber or green, on every page: the first thing reception sees when texting is in trouble. */
export function StatusBanner() {
  const { t } = useTranslation();
  const status = useHostStatus();
  const banner = bannerState(status.data, status.isError);
  if (status.isPending) return null;

  const say = (line: BannerLine): string => {
    const values = { ...line.values };
    if (line.key === 'banner.pluginTrouble') {
      values.role = t(`role.${values.role as 'pms'}`);
      values.health = t(`health.${values.health as 'ok'}`);
    }
    // Keys come from status-level.ts, all in the catalogue; i18next's key typing cannot follow a computed key.
    return (t as (key: string, values: Record<string, unknown>) => string)(line.key, values);
  };
  const text = banner.level === 'amber' ? t('banner.degraded', { parts: banner.lines.map(say).join('; ') }) : banner.lines.map(say).join(' ');

  return (
    <div className={`status-banner status-banner--${banner.level}`} role={banner.level === 'red' ? 'alert' : 'status'} data-level={banner.level}>
      <span className="status-banner__dot" aria-hidden="true" />
      <p>{text}</p>
      {banner.level !== 'green' && (
        <a href={hostPath('/status')} onClick={followLink}>
          {t('banner.detailsLink')}
        </a>
      )}
    </div>
  );
}
