import type { WatchedRole } from './alert-settings.js';

/** Ways an alert reaches a person. */
export type AlertChannelName = 'sms' | 'email';

/** One message about one failing spell of one role. Log-safe: a role, a code and times. */
export interface AlertNotice {
  kind: 'alert' | 'recovered';
  role: WatchedRole;
  /** When the spell began (epoch ms); with kind and role it names the notice. */
  failingSince: number;
  /** Newest error code of the spell (`none` when the feed gave none). */
  code: string;
  /** When it was decided (epoch ms). */
  decidedAt: number;
}

/** A notice and the channels it has yet to reach. */
export interface PendingNotice extends AlertNotice {
  pending: AlertChannelName[];
  /** Delivery rounds so far. */
  attempts: number;
  /** No delivery round before this (epoch ms). */
  nextAttemptAt: number;
}

/**
 * What the watcher remembers about one role, saved after every change (store: alert_state),
 * so a restart neither alerts twice for one spell nor forgets to say it recovered.
 */
export interface RoleAlertState {
  /** Start of the open failing spell; absent when none is open. */
  failingSince?: number;
  /** Newest error code seen in the open spell. */
  code?: string;
  /** While a spell is open: since when the role has been working again. */
  okSince?: number;
  /** The open spell's alert has been decided. */
  alerted?: boolean;
  /** Newest alert decided for this role, over all spells (the rate limit). */
  lastAlertAt?: number;
  /** The newest notice while some channel has not had it. */
  notice?: PendingNotice;
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** A saved state read back; anything unreadable is dropped rather than trusted. */
export function parseRoleAlertState(raw: unknown): RoleAlertState {
  if (!raw || typeof raw !== 'object') return {};
  const value = raw as Record<string, unknown>;
  const state: RoleAlertState = {};
  if (isTime(value.failingSince)) state.failingSince = value.failingSince;
  if (typeof value.code === 'string') state.code = value.code;
  if (isTime(value.okSince)) state.okSince = value.okSince;
  if (value.alerted === true) state.alerted = true;
  if (isTime(value.lastAlertAt)) state.lastAlertAt = value.lastAlertAt;
  const notice = value.notice as Partial<PendingNotice> | undefined;
  if (
    notice &&
    (notice.kind === 'alert' || notice.kind === 'recovered') &&
    isTime(notice.failingSince) &&
    isTime(notice.decidedAt) &&
    Array.isArray(notice.pending) &&
    typeof notice.role === 'string'
  ) {
    state.notice = {
      kind: notice.kind,
      role: notice.role,
      failingSince: notice.failingSince,
      code: typeof notice.code === 'string' ? notice.code : 'none',
      decidedAt: notice.decidedAt,
      pending: notice.pending.filter((c): c is AlertChannelName => c === 'sms' || c === 'email'),
      attempts: isTime(notice.attempts) ? notice.attempts : 0,
      nextAttemptAt: isTime(notice.nextAttemptAt) ? notice.nextAttemptAt : 0,
    };
  }
  return state;
}
