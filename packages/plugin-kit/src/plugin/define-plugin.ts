import type { AppointmentSource } from '../contracts/appointment-source.js';
import type { MessageSender } from '../contracts/message-sender.js';
import type { Inbox } from '../contracts/inbox.js';
import type { VideoProvider } from '../contracts/video-provider.js';
import type { Clock } from '../contracts/clock.js';
import type { Logger } from '../contracts/logger.js';
import type { ExtendedJSONSchema, FromExtendedSchema } from 'json-schema-to-ts';
import type { PluginExtensions, PluginRoute } from './extensions.js';

/** The four plugin roles and the contract each one implements. */
export interface RoleServices {
  pms: AppointmentSource;
  sms: MessageSender;
  inbox: Inbox;
  video: VideoProvider;
}
export type PluginRole = keyof RoleServices;
export const PLUGIN_ROLES: readonly PluginRole[] = ['pms', 'sms', 'inbox', 'video'];

/**
 * The plugin API version plugins are written against, which is this kit's version: manifests
 * say which range they accept (`hostApi: '^2'`). A new optional method or context service is a
 * minor version; removing or changing what plugins use is a major one.
 */
export const HOST_API_VERSION = '2.3.0';

export interface PluginManifest<R extends PluginRole = PluginRole> {
  /** Plugin id; for built-ins equals the folder name and the name used in config. */
  id: string;
  role: R;
  /** semver range of the host API the plugin supports, e.g. `^1`. */
  hostApi: string;
  /** One line for `--help` and the status page. */
  description?: string;
}

/** The clinic facts a plugin may need. */
export interface ClinicInfo {
  name: string;
  phone?: string;
  /** IANA time zone, e.g. `Australia/Melbourne`. */
  timeZone: string;
  /** ISO 3166 region for phone numbers, e.g. `AU`. */
  region: string;
  /** BCP 47 locale for dates in texts, e.g. `en-AU`. */
  locale: string;
}

/**
 * Where a plugin tells the host about trouble the host cannot see from outside: a call that
 * worked only after the plugin's own retries still counts against the plugin's health window.
 */
export interface PluginHealthReporter {
  /**
   * One retry the plugin made inside a call. `code` is the `CA_ERR_…` code of the failure
   * retried; `note` an optional log-safe description (the call and status, never remote text).
   * @example ctx.health?.retried('CA_ERR_PMS_SERVER', 'search Appointment: FHIR server answered 500')
   */
  retried(code: string, note?: string): void;
}

/**
 * The plugin's own key/value state, kept in the host's store under the plugin's id: a plugin
 * sees its own keys and nothing else. Values are plain JSON; `set(key, undefined)` deletes.
 */
export interface PluginState {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  list<T = unknown>(): Promise<Array<{ key: string; value: T }>>;
}

/** Phone numbers read the way the host reads them, in the clinic's region. */
export interface PhoneNumbers {
  /** The number in E.164 (`+61411012345`), or undefined when it is not a valid number. */
  toE164(raw: string): string | undefined;
  /** True when the number is valid and typed as a mobile (or fixed-or-mobile) in the clinic's region. */
  isLikelyMobile(raw: string): boolean;
}

/**
 * What the host hands a plugin's factory: services scoped to this plugin, never the host's
 * internals (its store, container or other plugins).
 */
export interface PluginContext {
  /** Bound to the plugin's id and role. */
  logger: Logger;
  /** Key/value state under this plugin's id only. */
  state: PluginState;
  clock: Clock;
  clinic: ClinicInfo;
  phone: PhoneNumbers;
  /** Aborted when the host stops the plugin: hand it to fetch calls, retries and timers. */
  signal: AbortSignal;
  /** Folder the config was loaded from; relative paths in options resolve against it. */
  configDir: string;
  /** Report retries for the plugin's health. Optional: a plugin must work without it (tests, other hosts). */
  health?: PluginHealthReporter;
}

export interface HealthReport {
  status: 'ok' | 'degraded' | 'down';
  /** One short log-safe sentence, shown on the status page. */
  detail?: string;
  /** Extra counters (skipped records, last error code…). No PHI. */
  data?: Record<string, unknown>;
}

/** What a plugin factory returns. */
export interface PluginInstance<S> {
  /** Registered by the host under the role's token. */
  service: S;
  /** Connect, check credentials. Throw typed errors. */
  start?(): Promise<void>;
  /** Release resources. Must be idempotent. */
  stop?(): Promise<void>;
  checkHealth?(): HealthReport | Promise<HealthReport>;
  /** Routes the host adds to its local API while this plugin is the active one (see extensions.ts). */
  routes?: readonly PluginRoute[];
}

/**
 * Keywords the host reads beyond JSON Schema: `x-secret` (never echoed back), `x-message` (the
 * error text shown instead of ajv's), `x-file` (a path the host checks exists). No index
 * signature for other `x-…` keywords: with one, the options type carries a private symbol of
 * json-schema-to-ts and plugins' declarations cannot be emitted.
 */
export type OptionsSchemaKeywords = {
  'x-secret': boolean;
  'x-message': string;
  'x-file': boolean;
};

/**
 * A JSON Schema (draft-07) for plugin options, with the host's `x-` keywords. Write it
 * `as const satisfies JsonSchema` so that {@link OptionsFromSchema} can read it.
 * `additionalProperties: false` is expected.
 */
export type JsonSchema = ExtendedJSONSchema<OptionsSchemaKeywords>;

/** A plugin's options schema: an object schema (not `true`/`false`). */
export type OptionsSchema = Exclude<JsonSchema, boolean>;

/**
 * The options a schema describes, after validation: a property with a `default` is required
 * (the host fills it in), so code never repeats the default.
 * @example export type SmsSimulatorOptions = OptionsFromSchema<typeof smsSimulatorOptionsSchema>;
 */
export type OptionsFromSchema<S extends JsonSchema> = FromExtendedSchema<OptionsSchemaKeywords, S>;

/** `O` is what `create` receives: validated, defaulted, frozen options. */
export interface PluginDescriptor<R extends PluginRole = PluginRole, O = unknown> {
  manifest: PluginManifest<R>;
  optionsSchema: OptionsSchema;
  /** Receives validated, defaulted, frozen options. Must not do I/O: that belongs in start(). */
  create(options: O, context: PluginContext): PluginInstance<RoleServices[R]>;
  /** Commands the plugin adds to the `clinic-arrivals` command line (see extensions.ts). */
  extensions?: PluginExtensions;
}

/**
 * Identity function that gives plugin authors type checking: the options `create` receives are
 * typed from `optionsSchema` (declare the schema `as const`, or inline).
 *
 * `NoInfer`: `S` comes from `optionsSchema` alone. Letting the compiler also infer it back
 * through the schema-to-type mapping from `create`'s parameter is slow and can fail with
 * "Type instantiation is excessively deep".
 */
export function definePlugin<R extends PluginRole, const S extends OptionsSchema>(
  descriptor: PluginDescriptor<R, NoInfer<Readonly<OptionsFromSchema<S>>>> & { optionsSchema: S },
): PluginDescriptor<R, Readonly<OptionsFromSchema<S>>> & { optionsSchema: S } {
  return descriptor;
}

/** True when `value` looks like a plugin descriptor (used by the loader to check what it imported). */
export function isPluginDescriptor(value: unknown): value is PluginDescriptor {
  if (!value || typeof value !== 'object') return false;
  const d = value as Partial<PluginDescriptor>;
  return (
    !!d.manifest &&
    typeof d.manifest.id === 'string' &&
    typeof d.manifest.role === 'string' &&
    typeof d.create === 'function' &&
    !!d.optionsSchema &&
    typeof d.optionsSchema === 'object'
  );
}
