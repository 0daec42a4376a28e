import { useTranslation } from 'react-i18next';
import { useCancelForPatient } from '../../api/wait-queries';
import { ConfirmAction } from '../ConfirmAction';
import '../../pages/admin.css';

/**
 * Reception's one-click cancel of an appointment whose patient replied NO: asks once in the
 * page, then the host cancels it in the PMS and texts the patient on its next pass.
 */
export function CancelForPatient({ appointmentId, patientName }: { appointmentId: string; patientName: string }) {
  const { t } = useTranslation();
  const cancel = useCancelForPatient(appointmentId);
  if (cancel.isSuccess) {
    return (
      <span role="status" className="secondary" data-testid="cancel-done">
        {t('wait.cancelled')}
      </span>
    );
  }
  return (
    <span className="cancel-for-patient">
      <ConfirmAction
        label={t('wait.cancel')}
        accessibleLabel={t('wait.cancelFor', { name: patientName })}
        question={t('wait.cancelQuestion')}
        confirmLabel={t('wait.cancelConfirm')}
        cancelLabel={t('wait.keep')}
        busy={cancel.isPending}
        onConfirm={() => cancel.mutate()}
      />
      {cancel.error && (
        <span role="alert" className="inline-problem">
          {t('wait.cancelFailed', { error: cancel.error.message })}
        </span>
      )}
    </span>
  );
}
