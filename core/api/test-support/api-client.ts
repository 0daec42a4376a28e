import type { Logger } from '@clinic-arrivals/plugin-kit';
import type { HostControl } from '../host-api.js';
import type { PluginRouteSet } from '../plugin-routes.js';
import { createApiServer } from '../server.js';

/** One captured log call. */
export interface LogLine {
  level: string;
  fields: Record<string, unknown>;
  message?: string;
}

/** A logger that keeps every call, to check what the API logs (and what it must never log). */
export function captureLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: LogLine[] } {
  const at = (level: string) => (first: string | Record<string, unknown>, message?: string) => {
    if (typeof first === 'string') lines.push({ level, fields: { ...bindings }, message: first });
    else lines.push({ level, fields: { ...bindings, ...first }, message });
  };
  return {
    lines,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more) => captureLogger(lines, { ...bindings, ...more }),
  };
}

export interface ApiReply {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text when the reply is not JSON. */
  body: any;
}

/** A running API on 127.0.0.1:0 and a small fetch wrapper around it. */
export interface TestApi {
  url: string;
  logs: LogLine[];
  call(method: string, path: string, options?: { json?: unknown; token?: string; headers?: Record<string, string>; rawBody?: string }): Promise<ApiReply>;
  close(): Promise<void>;
}

export async function startTestApi(
  control: HostControl,
  options: { token?: string; webRoot?: string; pluginRoutes?: readonly PluginRouteSet[] } = {},
): Promise<TestApi> {
  const logger = captureLogger();
  const server = await createApiServer(control, {
    host: '127.0.0.1',
    port: 0,
    token: options.token,
    logger,
    webRoot: options.webRoot,
    pluginRoutes: options.pluginRoutes,
  });
  return {
    url: server.url,
    logs: logger.lines,
    close: () => server.close(),
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      const token = callOptions.token ?? options.token;
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = callOptions.rawBody;
      if (callOptions.json !== undefined) {
        body = JSON.stringify(callOptions.json);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(server.url + path, { method, headers, body });
      const text = await response.text();
      const isJson = response.headers.get('content-type')?.includes('application/json');
      return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
    },
  };
}
