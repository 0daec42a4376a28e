/**
 * Where an appointment's decision threw: reading the record, reconciling it with the PMS,
 * planning its step, applying the send policies, or (replies) working out what it waits for.
 */
export type EngineFailureStep = 'read-record' | 'pms-sync' | 'plan-step' | 'send-policy' | 'reply-routing' | 'booked-guests';

/**
 * One appointment the engine could not decide for in a pass. The others still got their
 * decisions; this one is tried again next pass. The runtime logs, counts and shows these.
 */
export interface EngineFailure {
  phase: 'scheduled' | 'incoming';
  appointmentId: string;
  step: EngineFailureStep;
  /** Incoming only: the message being decided. */
  messageId?: string;
  /**
   * Log-safe: the error's class name, plus its `CA_ERR_…` code when it has one. Never the
   * message, which may quote the record (a patient's name or number).
   */
  error: string;
  /** What was thrown, for debug logging only: its message and stack may hold record data. */
  cause: unknown;
}

const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const SAFE_CODE = /^CA_ERR_[A-Z0-9_]{1,60}$/;

/** The thrown value's class name (and typed-error code), nothing from its message. */
export function describeEngineError(error: unknown): string {
  if (!(error instanceof Error)) return `thrown ${error === null ? 'null' : typeof error}`;
  const name = SAFE_NAME.test(error.name) ? error.name : 'Error';
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && SAFE_CODE.test(code) ? `${name} ${code}` : name;
}

/** The record's id when it has a usable one (a malformed record may not). */
export function appointmentIdOf(appointment: unknown): string {
  try {
    const id = (appointment as { id?: unknown } | null | undefined)?.id;
    return typeof id === 'string' ? id : '(no id)';
  } catch {
    return '(no id)';
  }
}
