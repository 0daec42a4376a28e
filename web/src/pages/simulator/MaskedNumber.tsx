import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../format';

/** A made-up number shown by its last 3 digits until someone chooses to see it in full. */
export function MaskedNumber({ number }: { number: string }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const masked = maskPhone(number) ?? '•••';
  return (
    <button type="button" className="sim-number" aria-pressed={shown} onClick={() => setShown(!shown)} title={shown ? t('sim.log.hide') : undefined}>
      {!shown && <span className="visually-hidden">{t('sim.log.show')} </span>}
      {shown ? number : masked}
    </button>
  );
}

/** The last 9 digits: the same mobile whether written 0412 345 678 or +61412345678. */
export function numberKey(number: string | undefined): string {
  return (number ?? '').replace(/\D/g, '').slice(-9);
}
