/*
 * What a plugin may add to the host besides its role's service: commands for the
 * `clinic-arrivals` command line and routes on the local HTTP API. Both are plain data and
 * functions, with no commander or Fastify types, so a plugin does not depend on the host's
 * choice of libraries.
 */

/** A JSON Schema object (draft-07), as in `optionsSchema`. */
type Schema = Record<string, unknown>;

/** Where a plugin command reads and writes; the CLI passes the process's own. */
export interface PluginCommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What a plugin command module provides once it is loaded. */
export interface PluginCommandModule {
  /**
   * Runs the command with the arguments after its name (`clinic-arrivals proxy --config x`
   * gives `['--config', 'x']`), its own `--help` included. Resolves with the exit code once the
   * command has done its work; a command that keeps running (a server) resolves once it is up
   * and keeps the process alive itself.
   */
  run(argv: readonly string[], io: PluginCommandIo): Promise<number>;
}

/**
 * A `clinic-arrivals <name>` command a plugin contributes. `load` is called only when the
 * command runs, so listing commands (`--help`) never imports the command's code.
 *
 * @example
 * { name: 'proxy', summary: 'run the public reply proxy', load: () => import('./server/command.js') }
 */
export interface PluginCommand {
  /** Lower-case letters, digits and dashes; a name the host already uses is refused. */
  name: string;
  /** One line for `clinic-arrivals --help`. */
  summary: string;
  load(): Promise<PluginCommandModule>;
}

/** What a plugin declares beyond its service, read without creating the plugin. */
export interface PluginExtensions {
  commands?: readonly PluginCommand[];
}

export type PluginRouteMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Request and response schemas: the host validates requests with them and publishes them in its OpenAPI document. */
export interface PluginRouteSchema {
  /** One line for the API's index page and the OpenAPI document. */
  summary: string;
  params?: Schema;
  querystring?: Schema;
  body?: Schema;
  /** By status code. Documentation only: replies are not filtered through them. */
  response?: Record<number, Schema>;
}

/** A request as a plugin route sees it, already validated against the route's schemas. */
export interface PluginRouteRequest<Body = any, Params = any, Query = any> {
  params: Params;
  query: Query;
  body: Body;
}

/**
 * What the host offers a route handler, bound to the request being answered. Small on
 * purpose: a plugin never reaches the host's store, engine or other plugins.
 */
export interface PluginRouteHost {
  /**
   * Records the staff action in the activity log under the caller's name, after it succeeded.
   * `detail` holds ids and short labels only: never a text's body, a phone number or a name.
   */
  recordActivity(detail: Record<string, string | number | boolean>): Promise<void>;
}

/** A route's answer; `status` defaults to 200. */
export interface PluginRouteReply {
  status?: number;
  body: unknown;
}

/**
 * A route a plugin instance adds to the local API. The host mounts it behind the same staff
 * access checks as its own routes. `path` is `/api/plugins/<plugin id>/…` (or, for the
 * built-in simulators, the `/api/simulator/…` paths the reception app uses) with Fastify-style
 * parameters (`/api/plugins/x/items/:id`). Throw the kit's typed errors (`NotFoundError`,
 * `ConflictError`) for 404 and 409.
 */
export interface PluginRoute {
  method: PluginRouteMethod;
  path: string;
  schema: PluginRouteSchema;
  handler(request: PluginRouteRequest, host: PluginRouteHost): Promise<PluginRouteReply>;
}

/** Identity function that types a plugin's routes (and their request shapes) in one place. */
export function pluginRoute<Body = unknown, Params = unknown, Query = unknown>(
  route: Omit<PluginRoute, 'handler'> & {
    handler(request: PluginRouteRequest<Body, Params, Query>, host: PluginRouteHost): Promise<PluginRouteReply>;
  },
): PluginRoute {
  return route;
}
