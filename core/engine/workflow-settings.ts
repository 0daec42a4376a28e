/** What a patient's reply means, once matched against the keywords. */
export type Intent = 'yes' | 'no' | 'arrived' | 'joined' | 'guest' | 'code' | 'refuseGuest' | 'wait';

/**
 * The workflow's settings: the config file's `workflow:` section once validated and defaulted.
 * The engine owns the type (it is what the engine decides with); the config only fills it.
 */
export interface WorkflowSettings {
  /** @default 2 */
  registrationDaysAhead: number;
  /** @default 180 */
  screeningMinutes: number;
  /** @default 10 */
  videoInviteMinutes: number;
  /** Close a video consult's room this many minutes after the appointment's end. @default 60 */
  closeRoomsAfterMinutes: number;
  /** PMS status that means "the doctor is ready". @default 'fulfilled' */
  inProgressStatus: string;
  /** Send `Cancellation` when a registered appointment is cancelled. @default false */
  cancellationMessages: boolean;
  /** Non-urgent messages go out only between these clinic-local times. @default 08:00–20:00 */
  quietHours: { start: string; end: string };
  /** @default 20 */
  dailyCapPerNumber: number;
  /** Test mode: when non-empty, only these numbers get messages. @default [] */
  whitelist: string[];
  /** Gets a text when the host starts and stops. */
  adminNumber?: string;
  /** Extra words per intent, added to the defaults; they apply in every language. */
  keywords: Record<Intent, string[]>;
  /**
   * Extra words per language (BCP 47 tag) and intent, added to that language's shipped list
   * (`es-MX` adds to Spanish; a language with no shipped list, e.g. `uk`, gets a list of its own).
   * @example { uk: { yes: ['так'], no: ['ні'] } }
   */
  keywordsByLanguage?: Record<string, Partial<Record<Intent, string[]>>>;
  /** Confirm or cancel by reply a day ahead (issue 18). Absent reads as {@link DEFAULT_CONFIRM}. */
  confirm?: ConfirmSettings;
  /** Running-late texts and the wait estimate (issue 18). Absent reads as {@link DEFAULT_RUNNING_LATE}. */
  runningLate?: RunningLateSettings;
  /** @default 10 */
  pollSeconds: number;
  /** @default 60 */
  upcomingPollSeconds: number;
}

/** `workflow.confirm`: the Registration text asks the patient to confirm or cancel. */
export interface ConfirmSettings {
  /** Ask at all. @default false (existing clinics see no change) */
  ask: boolean;
  /** A NO cancels the appointment in the PMS (`cancel`) or becomes a "wants to cancel" item for reception. @default 'reception' */
  onNo: 'cancel' | 'reception';
}

/** `workflow.runningLate`: delay texts from the practitioner's live queue. */
export interface RunningLateSettings {
  /** Send running-late texts at all (the wait estimate and WAIT answers work either way). @default false */
  texts: boolean;
  /** First text when the patient's estimated call-in is this many minutes past their start. @default 15 */
  thresholdMinutes: number;
  /** Another text only when the delay grew by this many minutes since the last one told. @default 15 */
  stepMinutes: number;
  /** Running-late texts per appointment at most. @default 2 */
  maxTexts: number;
  /** Also text video patients whose video link has not gone out yet. @default false */
  videoBeforeInvite: boolean;
  /** Consult length assumed until a practitioner has enough consults today to measure. @default 15 */
  defaultConsultMinutes: number;
}

export const DEFAULT_CONFIRM: Readonly<ConfirmSettings> = Object.freeze({ ask: false, onNo: 'reception' });

export const DEFAULT_RUNNING_LATE: Readonly<RunningLateSettings> = Object.freeze({
  texts: false,
  thresholdMinutes: 15,
  stepMinutes: 15,
  maxTexts: 2,
  videoBeforeInvite: false,
  defaultConsultMinutes: 15,
});

/** The clinic's confirm settings, defaults filled in. */
export function confirmSettingsOf(workflow: Pick<WorkflowSettings, 'confirm'>): ConfirmSettings {
  return { ...DEFAULT_CONFIRM, ...workflow.confirm };
}

/** The clinic's running-late settings, defaults filled in. */
export function runningLateSettingsOf(workflow: Pick<WorkflowSettings, 'runningLate'>): RunningLateSettings {
  return { ...DEFAULT_RUNNING_LATE, ...workflow.runningLate };
}
