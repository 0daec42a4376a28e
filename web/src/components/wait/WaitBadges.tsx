import { useTranslation } from 'react-i18next';
import { clinicTime } from '../../format';
import { clinicDayTime } from '../inbox/inbox-words';
import { estimateWords } from './QueuePanel';

/** What a row shows of the wait and the confirm question. */
export interface WaitFacts {
  confirm?: { state: string; answeredAt?: string };
  replyUnclearAt?: string;
  lateTexts?: number;
  estimate?: { at: string; delayMinutes: number };
}

type T = ReturnType<typeof useTranslation>['t'];

/** The badge colour of a confirm state: green confirmed, red waiting for reception, amber open, grey done. */
export function confirmBadgeClass(state: string): string {
  const tone: Record<string, string> = { confirmed: 'confirm', 'wants-cancel': 'wants-cancel', asked: 'muted', cancel: 'muted', cancelled: 'cancelled' };
  return `badge badge--${tone[state] ?? 'muted'}`;
}

/**
 * "confirmed by text Sun 22 Nov, 14:02", "wants to cancel", "asked to confirm"… in clinic time.
 * With the day: the answer usually came a day or more before the visit.
 */
export function confirmWords(t: T, confirm: NonNullable<WaitFacts['confirm']>, timeZone: string | undefined): string {
  if (confirm.state === 'confirmed' && confirm.answeredAt) return t('wait.confirm.confirmedAt', { time: clinicDayTime(confirm.answeredAt, timeZone) });
  return t(`wait.confirm.${confirm.state}` as 'wait.confirm.asked', { defaultValue: confirm.state });
}

/** A row's flags, read before its state: "reply unclear" (reception should call) and the confirm answer. */
export function WaitBadges({ row, timeZone, withConfirm = true }: { row: WaitFacts; timeZone: string | undefined; withConfirm?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {row.replyUnclearAt && (
        <strong
          className="badge badge--unclear"
          data-testid="reply-unclear"
          title={t('wait.replyUnclearTitle', { time: clinicTime(row.replyUnclearAt, timeZone) })}
        >
          {t('wait.replyUnclear')}
        </strong>
      )}
      {withConfirm && row.confirm && row.confirm.state !== 'asked' && (
        <strong className={confirmBadgeClass(row.confirm.state)} data-testid="confirm-state">
          {confirmWords(t, row.confirm, timeZone)}
        </strong>
      )}
    </>
  );
}

/** A waiting patient's expected call-in time, and the running-late texts they were sent; read after the state. */
export function WaitEstimate({ row, timeZone }: { row: WaitFacts; timeZone: string | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {row.estimate && (
        <span className="wait-line" data-testid="estimate">
          {estimateWords(t, row.estimate.at, row.estimate.delayMinutes, timeZone)}
        </span>
      )}
      {row.lateTexts !== undefined && row.lateTexts > 0 && <span className="secondary">{t('wait.lateTexts', { count: row.lateTexts })}</span>}
    </>
  );
}
