import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConversations, type InboxState } from '../api/inbox-queries';
import { useHostStatus } from '../api/queries';
import { ConversationList } from '../components/inbox/ConversationList';
import { ConversationView } from '../components/inbox/ConversationView';
import { Tabs } from '../components/inbox/Tabs';
import { PageHeading } from '../components/PageHeading';
import { QueryProblem } from '../components/QueryProblem';
import './inbox.css';

/** Texts from patients that need a person: the conversations on the left, the chosen one on the right. */
export function InboxPage() {
  const { t } = useTranslation();
  const status = useHostStatus();
  const [state, setState] = useState<InboxState>('open');
  const [selected, setSelected] = useState<string | undefined>();
  const conversations = useConversations(state);
  const timeZone = status.data?.clinic.timeZone;

  // A chosen conversation belongs to the tab it was chosen in.
  useEffect(() => {
    setSelected(undefined);
  }, [state]);

  return (
    <>
      <PageHeading title={t('inbox.heading')}>
        <p className="page-heading__sub">{t('inbox.intro')}</p>
      </PageHeading>
      <Tabs
        label={t('inbox.tabs')}
        value={state}
        onChange={setState}
        options={[
          { value: 'open', label: t('inbox.tabOpen'), count: state === 'open' ? conversations.data?.length : undefined },
          { value: 'done', label: t('inbox.tabDone') },
        ]}
      />
      <div className={selected ? 'inbox inbox--reading' : 'inbox'}>
        <div className="inbox__list">
          {conversations.isError ? (
            <QueryProblem error={conversations.error} retry={() => void conversations.refetch()} />
          ) : conversations.isPending ? (
            <p>{t('app.loading')}</p>
          ) : conversations.data.length === 0 ? (
            <p className="notice" data-testid="inbox-empty">
              {state === 'open' ? t('inbox.emptyOpen') : t('inbox.emptyDone')}
            </p>
          ) : (
            <ConversationList items={conversations.data} selected={selected} onSelect={setSelected} timeZone={timeZone} />
          )}
        </div>
        <div className="inbox__reader">
          {selected ? (
            <>
              <button type="button" className="inbox__back" onClick={() => setSelected(undefined)}>
                {t('inbox.back')}
              </button>
              <ConversationView key={selected} id={selected} timeZone={timeZone} clinicName={status.data?.clinic.name} />
            </>
          ) : (
            conversations.data && conversations.data.length > 0 && <p className="notice inbox__choose">{t('inbox.choose')}</p>
          )}
        </div>
      </div>
    </>
  );
}
