import { useTranslation } from 'react-i18next';

/** A list that could not be loaded: the host's sentence and a way to try again. */
export function QueryProblem({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="problem" role="alert">
      <p>{t('app.loadFailed', { error: error instanceof Error ? error.message : String(error) })}</p>
      <button type="button" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
