/** What a patient's reply means, once matched against the keywords. */
export type Intent = 'yes' | 'no' | 'arrived' | 'joined' | 'guest' | 'code' | 'refuseGuest';

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
  /** @default 10 */
  pollSeconds: number;
  /** @default 60 */
  upcomingPollSeconds: number;
}
