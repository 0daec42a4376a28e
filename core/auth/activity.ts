/**
 * What staff did, as recorded in the activity log. Add a value here when a new route lets staff
 * change something; the front end shows them by name.
 */
export type ActivityAction =
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'reply'
  | 'mark-done'
  | 'link-appointment'
  | 'mark-delivered'
  | 'resend'
  | 'dismiss-unknown-send'
  | 'guest-revoke'
  | 'guest-book'
  | 'reveal-number'
  | 'template-change'
  | 'template-reset'
  | 'practitioner-change'
  | 'running-late'
  | 'late-texts'
  | 'appointment-cancel'
  | 'settings-change'
  | 'user-add'
  | 'user-reset'
  | 'user-remove'
  | 'run-cycle'
  | 'simulator';

/**
 * Ids and short labels only (appointment id, message id, template name, changed field names).
 * Never an SMS body, a phone number or a patient's name: the log is kept and shown to staff.
 */
export type ActivityDetail = Record<string, string | number | boolean>;

/** Who did it when nobody signs in (loopback desktop use) or a machine used the bearer token. */
export const OPEN_ACCESS_ACTOR = 'local';
export const TOKEN_ACTOR = 'api-token';
/** The actor of a failed sign-in with a name that has no account (the name itself is not kept). */
export const UNKNOWN_NAME_ACTOR = '(unknown name)';
