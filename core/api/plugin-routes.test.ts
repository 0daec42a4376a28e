import { expect } from 'chai';
import { ConflictError, pluginRoute, type PluginRoute } from '@clinic-arrivals/plugin-kit';
import { createSilentLogger } from '@clinic-arrivals/plugin-kit/testing';
import { addStaffUser } from '../auth/staff-users.js';
import type { Store } from '../store/store.js';
import { openSqliteStore } from '../store/sqlite-store.js';
import { createApiServer, type ApiServer } from './server.js';
import { pluginRoutePathProblem } from './plugin-routes.js';
import { FakeHostControl } from './test-support/fake-host-control.js';

const PASSWORD = 'rita-reception-1';

/** A tiny plugin's routes: a counter it owns, read and bumped through the API. */
function counterRoutes(): { routes: PluginRoute[]; calls: Array<{ body: unknown; params: unknown }> } {
  let count = 0;
  const calls: Array<{ body: unknown; params: unknown }> = [];
  return {
    calls,
    routes: [
      pluginRoute({
        method: 'GET',
        path: '/api/plugins/counter/value',
        schema: { summary: 'the counter', response: { 200: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] } } },
        handler: async () => ({ body: { count } }),
      }),
      pluginRoute<{ by: number }, { name: string }>({
        method: 'POST',
        path: '/api/plugins/counter/:name/bump',
        schema: {
          summary: 'bump the counter',
          params: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', maxLength: 8 } } },
          body: { type: 'object', additionalProperties: false, required: ['by'], properties: { by: { type: 'integer', minimum: 1, maximum: 5 } } },
        },
        handler: async (request, host) => {
          calls.push({ body: request.body, params: request.params });
          if (request.params.name === 'locked') throw new ConflictError('the counter is locked');
          count += request.body.by;
          await host.recordActivity({ what: 'bump', by: request.body.by });
          return { status: 201, body: { count } };
        },
      }),
    ],
  };
}

describe('local API: routes a plugin adds', () => {
  let store: Store;
  let server: ApiServer;
  let counter: ReturnType<typeof counterRoutes>;

  // A staff account exists, so every /api route but the public ones needs a session.
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    await addStaffUser(store, { name: 'rita', password: PASSWORD, role: 'reception' }, Date.UTC(2026, 10, 22), { N: 2 ** 10, r: 8, p: 1 });
    counter = counterRoutes();
    server = await createApiServer(new FakeHostControl(), {
      port: 0,
      store,
      logger: createSilentLogger(),
      pluginRoutes: [{ pluginId: 'counter', routes: counter.routes }],
    });
  });
  afterEach(async () => {
    await server.close();
    await store.close();
  });

  async function call(method: string, path: string, options: { cookie?: string; csrf?: string; json?: unknown } = {}) {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrf) headers['x-csrf-token'] = options.csrf;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(server.url + path, { method, headers, body: options.json === undefined ? undefined : JSON.stringify(options.json) });
    return { status: response.status, body: (await response.json()) as any, setCookie: response.headers.get('set-cookie') };
  }

  async function signIn(): Promise<{ cookie: string; csrf: string }> {
    const reply = await call('POST', '/api/session', { json: { name: 'rita', password: PASSWORD } });
    expect(reply.status).to.equal(200);
    return { cookie: reply.setCookie!.split(';')[0]!, csrf: reply.body.csrfToken };
  }

  it("refuses a request without a session exactly as it refuses the host's own routes", async () => {
    const own = await call('GET', '/api/status');
    expect(own.status).to.equal(401);
    for (const [method, path, json] of [
      ['GET', '/api/plugins/counter/value', undefined],
      ['POST', '/api/plugins/counter/main/bump', { by: 1 }],
    ] as const) {
      const reply = await call(method, path, { json });
      expect(reply.status, path).to.equal(401);
      expect(reply.body, path).to.deep.equal(own.body);
    }
    expect(counter.calls).to.have.length(0);
  });

  it('answers a signed-in caller, needs the CSRF token to change anything, and records the action under the caller', async () => {
    const { cookie, csrf } = await signIn();
    expect((await call('GET', '/api/plugins/counter/value', { cookie })).body).to.deep.equal({ count: 0 });
    const noCsrf = await call('POST', '/api/plugins/counter/main/bump', { cookie, json: { by: 2 } });
    expect(noCsrf.status).to.equal(403);
    expect(counter.calls).to.have.length(0);
    const bumped = await call('POST', '/api/plugins/counter/main/bump', { cookie, csrf, json: { by: 2 } });
    expect(bumped).to.include({ status: 201 });
    expect(bumped.body).to.deep.equal({ count: 2 });
    expect(counter.calls).to.deep.equal([{ body: { by: 2 }, params: { name: 'main' } }]);
    const [latest] = await store.listActivity({ limit: 1 });
    expect(latest).to.include({ actor: 'rita', action: 'simulator' });
    expect(latest!.detail).to.deep.equal({ what: 'bump', by: 2 });
  });

  it("validates requests with the route's schemas and maps the kit's typed errors", async () => {
    const { cookie, csrf } = await signIn();
    const bad = await call('POST', '/api/plugins/counter/main/bump', { cookie, csrf, json: { by: 9 } });
    expect(bad.status).to.equal(400);
    expect(bad.body.code).to.equal('CA_ERR_VALIDATION');
    const locked = await call('POST', '/api/plugins/counter/locked/bump', { cookie, csrf, json: { by: 1 } });
    expect(locked.status).to.equal(409);
    expect(locked.body).to.deep.equal({ error: 'the counter is locked', code: 'CA_ERR_CONFLICT' });
  });

  it('publishes the routes in the OpenAPI document and on the index page', async () => {
    const { cookie } = await signIn();
    const document = await call('GET', '/api/openapi.json', { cookie });
    expect(Object.keys(document.body.paths)).to.include.members(['/api/plugins/counter/value', '/api/plugins/counter/{name}/bump']);
    const index = await fetch(`${server.url}/api`, { headers: { cookie } });
    expect(await index.text()).to.include('POST   /api/plugins/counter/:name/bump');
  });
});

describe('plugin route paths', () => {
  it("lets a plugin use its own prefix and the simulators' shared one, nothing else", () => {
    expect(pluginRoutePathProblem('counter', '/api/plugins/counter/value')).to.equal(undefined);
    expect(pluginRoutePathProblem('pms-simulator', '/api/simulator/appointments')).to.equal(undefined);
    expect(pluginRoutePathProblem('counter', '/api/plugins/other/value')).to.equal(
      'plugin "counter" may add routes under /api/plugins/counter/ only, not /api/plugins/other/value',
    );
    expect(pluginRoutePathProblem('counter', '/api/status')).to.include('/api/plugins/counter/ only');
    expect(pluginRoutePathProblem('counter', '/api/plugins/counter')).to.include('only');
  });

  it("refuses to start an API with a route outside the plugin's paths, naming the plugin", async () => {
    const route = pluginRoute({ method: 'GET', path: '/api/status-extra', schema: { summary: 'x' }, handler: async () => ({ body: {} }) });
    let caught: unknown;
    try {
      const server = await createApiServer(new FakeHostControl(), {
        port: 0,
        logger: createSilentLogger(),
        pluginRoutes: [{ pluginId: 'rogue', routes: [route] }],
      });
      await server.close();
    } catch (error) {
      caught = error;
    }
    expect(String(caught)).to.include('plugin "rogue" may add routes under /api/plugins/rogue/ only');
  });
});
