import type { ClinicInfo } from '@clinic-arrivals/plugin-kit';
import type { WorkflowSettings } from '../engine/workflow-settings.js';

/** Which plugin fills a role, and its options (validated against the plugin's own schema). */
export interface PluginChoice {
  /** Built-in short name (`sms-twilio`), npm package name, or a relative/absolute path. */
  use: string;
  options: Record<string, unknown>;
}

/** The video plugin, and how many guests a patient may invite into one consult. */
export interface VideoChoice extends PluginChoice {
  /** Guests per video consult a patient may invite by replying GUEST; 0 turns guests off. @default 2 */
  maxGuests: number;
  /**
   * The patient's video link opens a page that asks for a 6-digit code texted to the patient's
   * registered number (issue 15). Needs an inbox whose plugin has a join gate. @default false
   */
  verifyJoin: boolean;
  /** With `verifyJoin`: minutes a texted code is accepted (5–60). @default 15 */
  joinCodeMinutes: number;
}

/** Settings for one practitioner by PMS id, before or after a poll first sees them; changes made in the app win. */
export interface PractitionerConfig {
  /** Room text used in DoctorReady, e.g. "room 7". */
  room?: string;
  /** Skip this practitioner's appointments entirely. */
  ignore?: boolean;
  /** Never offer video for this practitioner. */
  noVideo?: boolean;
}

/** `alerts:` in the config file (see README "Alerts"). */
export interface AlertsConfig {
  /** A role failing this long gets one alert. @default 10 */
  afterMinutes: number;
  /** `degraded` (retries, some failures) counts as failing, not only `down`. @default true */
  includeDegraded: boolean;
  /** Working again this long ends the failure and sends one recovered message. @default 5 */
  recoveredAfterMinutes: number;
  /** At most one alert per role in this period, even when it flaps. @default 60 */
  rateLimitMinutes: number;
  /** Also email alerts; they get out when texting is what fails. */
  email?: AlertEmailConfig;
}

/** Where alert emails go, through the clinic's SMTP server. */
export interface AlertEmailConfig {
  /** Recipient(s), comma-separated. @example it@clinic.example */
  to: string;
  /** @example clinic-arrivals@clinic.example */
  from: string;
  smtp: {
    host: string;
    /** @default 587 */
    port: number;
    /** TLS from the first byte (port 465); otherwise STARTTLS when offered. @default false */
    secure: boolean;
    user?: string;
    /** Secret: from `${SMTP_PASSWORD}` or `${file:…}`, never printed. */
    password?: string;
  };
}

/** The languages of the clinic's texts (see README "Templates per language"). */
export interface ClinicLanguages {
  /** The clinic's default language (BCP 47). @default the language of `clinic.locale` (en-AU → en) */
  language?: string;
  /** Languages the clinic offers texts in. @default the default language plus every shipped one */
  languages?: string[];
}

/** `fleet:` in the config: replicas sharing one PostgreSQL store. */
export interface FleetSettings {
  /** This process's name among the replicas. @default host name and process id */
  replicaId?: string;
  /** A replica that stops renewing loses its clinics after this many seconds. @default 15 */
  leaseSeconds: number;
  /** How often each replica renews and rebalances. @default 2 */
  checkSeconds: number;
  /** The URL the other replicas reach this one's API at (they forward a clinic's pages to it). @default the API's own address */
  advertiseUrl?: string;
}

export interface HostConfig {
  /** Absolute path of the file the config came from (for error messages and relative paths). */
  source: { file: string; dir: string };
  clinic: ClinicInfo &
    ClinicLanguages & {
      /** The clinic's id when the host serves many (its file name or entry id); names its store rows and web address. */
      id?: string;
    };
  pms: PluginChoice;
  sms: PluginChoice;
  inbox: PluginChoice;
  /** `use: none` turns video off. */
  video: VideoChoice;
  workflow: WorkflowSettings;
  /**
   * Template overrides by name (Liquid): a text (the clinic's default language) or texts by
   * language, e.g. `{ en: "…", vi: "…" }`.
   */
  templates: Record<string, string | Record<string, string>>;
  /** Starting settings by practitioner id (the PMS's id); a change made in the app wins. @default {} */
  practitioners?: Record<string, PractitionerConfig>;
  store: {
    /** `postgres`: one database for many clinics and replicas. @default sqlite */
    use: 'sqlite' | 'postgres';
    /** SQLite file, relative to the config folder. @default ./data/clinic-arrivals.sqlite */
    path: string;
    /** With `use: postgres`: the connection URL (a secret, never printed). */
    url?: string;
    /** With `use: postgres`: connections this process keeps open at most. @default 10 */
    poolMax: number;
    /** @default 30 */
    retentionDays: number;
  };
  api: {
    /** @default 127.0.0.1 */
    host: string;
    /** @default 7171; 0 picks a free port */
    port: number;
    /** Bearer token for machines; works on every route. */
    token?: string;
    /** `auto`: staff sign in unless on loopback with no accounts and no token. @default auto */
    signIn?: 'auto' | 'required';
    /** @default 30 */
    sessionIdleMinutes?: number;
    /** @default 12 */
    sessionMaxHours?: number;
    /** Secure flag on the session cookie (behind a TLS proxy). @default false */
    secureCookies?: boolean;
  };
  logging: {
    /** Lowest level written; the `LOG_LEVEL` environment variable wins. @default info */
    level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
    /**
     * `auto`: human lines (pino-pretty) on a terminal, JSON lines otherwise; `json` or `pretty`
     * always. The `LOG_FORMAT` environment variable wins. @default auto
     */
    format?: 'auto' | 'json' | 'pretty';
    /** Also write the JSON lines to a file, rotated by size (pino-roll). */
    file?: {
      /** Relative to the config file's folder, e.g. `logs/clinic-arrivals.log`. */
      path: string;
      /** Rotate at this size (`k`, `m` or `g`). @default 10m */
      size?: string;
      /** Also rotate once a day or an hour. @default only by size */
      frequency?: 'daily' | 'hourly';
      /** Rotated files kept besides the current one. @default 10 */
      keep?: number;
    };
  };
  /** Alerts to the admin when texting or the PMS keeps failing (core/runtime/alerts). @default {} */
  alerts?: AlertsConfig;
  /** How plugin health is judged (always set once the config is validated). */
  health?: {
    /** Calls in this many recent seconds decide a plugin's health (degraded / down). @default 300 */
    windowSeconds: number;
  };
  /** Seed the simulator with a demo day relative to now. @default false */
  demo: boolean;
  /** Many clinics in one host: a folder with one file per clinic, or a list (see docs/scaling.md). Absent for one clinic. */
  clinics?: string | Array<Record<string, unknown>>;
  /** Replicas sharing a PostgreSQL store (see docs/scaling.md). */
  fleet?: FleetSettings;
  /** The reply proxy's settings when `clinic-arrivals proxy` runs from this file (checked by the proxy's own schema). */
  proxy?: Record<string, unknown>;
}

import type { PluginDescriptor, PluginRole } from '@clinic-arrivals/plugin-kit';

/** A plugin the loader found, imported and whose options it validated. */
export interface LoadedPlugin<R extends PluginRole = PluginRole> {
  descriptor: PluginDescriptor<R>;
  /** Validated, defaulted, frozen options. */
  options: Readonly<Record<string, unknown>>;
  /** What the config said (`sms-twilio`, `./my-plugin`, `@acme/ca-pms`). */
  specifier: string;
  /** The file the plugin was imported from. */
  resolvedPath: string;
}

/** A fully validated config with its plugins loaded. `video` is absent when `video.use` is `none`. */
export interface LoadedConfig {
  config: HostConfig;
  plugins: {
    pms: LoadedPlugin<'pms'>;
    sms: LoadedPlugin<'sms'>;
    inbox: LoadedPlugin<'inbox'>;
    video?: LoadedPlugin<'video'>;
  };
  /** Things the operator should know that are not errors (e.g. "no config file found, using the built-in default"). */
  notices?: string[];
}
