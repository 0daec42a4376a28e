/*
 * The config surface other parts of the host use. Everything here is stable; the helpers in
 * the sibling files (find, substitute, validate, format-errors) are exported for tests and tools.
 */
export { loadConfig, loadConfigFromObject, type LoadConfigOptions, type ConfigOrigin } from './load.js';
export { ConfigValidationError } from './errors.js';
export { findConfig, CONFIG_SEARCH_PLACES, CONFIG_MODULE_NAME, type FoundConfig } from './find.js';
export { substituteEnv, type SubstitutionResult } from './substitute.js';
export { validateCoreConfig, validatePluginOptions, deepFreeze, type ValidatedCore } from './validate.js';
export { formatAjvErrors, type ErrorContext } from './format-errors.js';
export { createConfigAjv, isValidTimeZone } from '@clinic-arrivals/plugin-kit';
export { hostConfigSchema } from './config-schema.js';
export { defaultConfigObject, DEFAULT_CONFIG_LABEL } from './default-config.js';
export type { HostConfig, LoadedConfig, LoadedPlugin, PluginChoice } from './types.js';
