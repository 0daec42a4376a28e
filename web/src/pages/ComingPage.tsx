import { useTranslation } from 'react-i18next';
import type { ScreenKey } from '../routes';
import { PageHeading } from '../components/PageHeading';

/** Placeholder for a screen another change is building; says where the data is meanwhile. */
export function ComingPage({ screen }: { screen: ScreenKey }) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeading title={t(`nav.${screen}`)} />
      <p className="notice">{t('coming.body')}</p>
    </>
  );
}
