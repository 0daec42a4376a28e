import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeHostControl } from './test-support/fake-host-control.js';
import { startTestApi, type TestApi } from './test-support/api-client.js';
import { indexHtmlFor } from './web-assets.js';

const TOKEN = 'app-files-token';

describe('reception app files', () => {
  let root: string;
  let api: TestApi;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'ca-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Reception</title>');
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    // A token is set: the files are still served without it, the API is not.
    api = await startTestApi(new FakeHostControl(), { token: TOKEN, webRoot: root });
  });
  after(async () => {
    await api.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string) => fetch(api.url + path);

  it('serves index.html at / with a strict content security policy, no token needed', async () => {
    const reply = await get('/');
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-type')).to.match(/^text\/html/);
    expect(reply.headers.get('content-security-policy')).to.include("script-src 'self'").and.include("frame-ancestors 'none'");
    expect(reply.headers.get('cache-control')).to.equal('no-cache');
    expect(await reply.text()).to.include('<title>Reception</title>');
  });

  it("serves index.html for the app's own screens (/today, /status)", async () => {
    for (const path of ['/today', '/status?x=1', '/inbox/']) {
      const reply = await get(path);
      expect(reply.status, path).to.equal(200);
      expect(await reply.text()).to.include('<title>Reception</title>');
    }
  });

  it('serves hashed assets with their type, cached for good', async () => {
    const reply = await get('/assets/index-abc123.js');
    expect(reply.status).to.equal(200);
    expect(reply.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(reply.headers.get('cache-control')).to.include('immutable');
  });

  it('answers a missing file with 404, not the page', async () => {
    expect((await get('/assets/gone-000.js')).status).to.equal(404);
    expect((await get('/favicon.ico')).status).to.equal(404);
  });

  it('never serves files outside its folder', async () => {
    writeFileSync(join(root, '..', 'ca-web-secret.txt'), 'THE-SECRET-CONTENT');
    try {
      for (const path of ['/..%2fca-web-secret.txt', '/%2e%2e/ca-web-secret.txt', '/assets/..%2f..%2fca-web-secret.txt']) {
        const reply = await get(path);
        expect(await reply.text(), path).not.to.include('THE-SECRET-CONTENT');
      }
    } finally {
      rmSync(join(root, '..', 'ca-web-secret.txt'), { force: true });
    }
  });

  it('keeps /api/* for the API: token first, then a JSON 404', async () => {
    expect((await get('/api/nope')).status).to.equal(401);
    const reply = await api.call('GET', '/api/nope');
    expect(reply.status).to.equal(404);
    expect(reply.body).to.deep.equal({ error: 'no route GET /api/nope' });
  });

  it('says how to build the app when it has not been built', async () => {
    const empty = await startTestApi(new FakeHostControl(), { webRoot: join(root, 'not-built') });
    try {
      const reply = await fetch(`${empty.url}/today`);
      expect(reply.status).to.equal(503);
      expect(await reply.text()).to.include('npm run build:web');
    } finally {
      await empty.close();
    }
  });
});

describe('index.html under any path and prefix', () => {
  const built = '<html><head>\n<link rel="icon" href="./favicon.svg" />\n<script type="module" src="./assets/a.js"></script></head></html>';

  it('keeps ./ for a screen at the app root and climbs back from deeper paths', () => {
    expect(indexHtmlFor(built, '/')).to.equal(built);
    expect(indexHtmlFor(built, '/today')).to.equal(built);
    expect(indexHtmlFor(built, '/today/')).to.include('href="../favicon.svg"').and.include('src="../assets/a.js"');
    expect(indexHtmlFor(built, '/a/b/c')).to.include('src="../../assets/a.js"');
  });

  it('adds the marker a fleet host gives its own page', () => {
    expect(indexHtmlFor(built, '/', 'clinic-arrivals-fleet')).to.include('<meta name="clinic-arrivals-fleet" content="1" />');
  });
});
