import { useTranslation } from 'react-i18next';
import { useLiveState } from '../live';

/** Says when the lists may be stale: the live stream is lost, or came back. */
export function LiveBanner() {
  const { t } = useTranslation();
  const live = useLiveState();
  if (live.connection === 'lost') {
    return (
      <div className="live-banner live-banner--lost" role="alert" data-live="lost">
        {t('live.lost')}
      </div>
    );
  }
  if (live.recovered) {
    return (
      <div className="live-banner live-banner--back" role="status" data-live="back">
        {t('live.back')}
      </div>
    );
  }
  return null;
}
