import { useEffect, useRef, useState } from 'react';

/**
 * A button for something that cannot be undone: the first press asks the question in the page
 * (no browser pop-up), with "yes" focused and "keep it" beside it.
 */
export function ConfirmAction({
  label,
  accessibleLabel,
  question,
  confirmLabel,
  cancelLabel,
  busy,
  plain,
  onConfirm,
}: {
  label: string;
  accessibleLabel?: string;
  question: string;
  confirmLabel: string;
  cancelLabel: string;
  busy?: boolean;
  /** Not destructive (it may send texts, say): asked the same way, without the red. */
  plain?: boolean;
  onConfirm: () => void;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);

  if (!asking) {
    return (
      <button type="button" className={plain ? undefined : 'danger'} aria-label={accessibleLabel} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm" role="group" aria-label={question}>
      <span className="confirm__question">{question}</span>
      <button
        type="button"
        className={plain ? 'primary' : 'danger danger--solid'}
        ref={yes}
        disabled={busy}
        onClick={() => {
          onConfirm();
          setAsking(false);
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {cancelLabel}
      </button>
    </span>
  );
}
