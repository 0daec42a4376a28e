/**
 * The public reply proxy (`clinic-arrivals proxy`): receives Twilio webhooks, stores them per
 * account and hands them to clinic hosts over an authenticated long-poll / SSE API.
 * See ../README.md for deployment and the client API.
 */
export { startProxyServer, type RunningProxy, type ProxyServerOptions } from './server.js';
export { loadProxyConfig, proxyConfigFromObject, PROXY_CONFIG_FILES, type ProxyConfig, type ProxyAccountConfig } from './config.js';
export { runProxyCommand, registerProxyCommand, type ProxyCommandIo } from './cli.js';
export { hashClientKey, verifyClientKey, generateClientKey } from './key-hash.js';
export { type ClientMessage } from './client-message.js';
export { INBOX_PATHS } from './inbox-routes.js';
export { WEBHOOK_PATHS } from './webhook-routes.js';
export { EMPTY_TWIML } from './twiml.js';
export type { ProxyStorage, InboxMessage, NewInboxMessage } from './storage/types.js';
export { openSqliteProxyStorage } from './storage/sqlite-storage.js';
export { openPostgresProxyStorage } from './storage/postgres-storage.js';
