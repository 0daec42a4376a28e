import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../api/inbox-queries';
import { clinicDayTime, reasonWords } from './inbox-words';

/** The conversations as a list of buttons: who, when, how many new, and why each is here. */
export function ConversationList({
  items,
  selected,
  onSelect,
  timeZone,
}: {
  items: ConversationSummary[];
  selected: string | undefined;
  onSelect: (id: string) => void;
  timeZone: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <ul className="conversations" aria-label={t('inbox.listLabel')}>
      {items.map((item) => (
        <li key={item.id}>
          <button
            type="button"
            className="conversations__item"
            data-conversation-id={item.id}
            aria-current={item.id === selected ? 'true' : undefined}
            onClick={() => onSelect(item.id)}
          >
            <span className="conversations__top">
              <span className="conversations__name">{item.patientFirstName ?? t('inbox.unknownName')}</span>
              <span className="conversations__phone">{item.phoneMasked}</span>
            </span>
            <span className="conversations__bottom">
              {item.unread > 0 && <strong className="badge badge--unread">{t('inbox.unread', { count: item.unread })}</strong>}
              <span className="conversations__reasons">{item.reasons.map((reason) => reasonWords(t, reason)).join(', ')}</span>
              <time className="conversations__time" dateTime={item.lastAt}>
                {clinicDayTime(item.lastAt, timeZone)}
              </time>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
