/** Alerts to the clinic's admin when texting or the PMS keeps failing (README "Alerts"). */
export { alertSettingsOf, WATCHED_ROLES, type AlertSettings, type WatchedRole } from './alert-settings.js';
export { decideAlert, type AlertDecision } from './decide-alerts.js';
export { AlertWatcher, GIVE_UP_AFTER_MS, type AlertTexter, type AlertWatcherDeps } from './alert-watcher.js';
export { alertCheckLoop, ALERT_CHECK_EVERY_MS } from './alert-loop.js';
export { SmtpAlertMailer, type AlertMailer, type AlertEmail } from './email-channel.js';
export type { AlertNotice, PendingNotice, RoleAlertState } from './alert-state.js';
