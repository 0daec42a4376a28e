import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { ConfigValidationError } from '../../core/config/errors.js';
import { loadProxyConfig, proxyConfigFromObject } from '../../plugins/proxy-default/server/config.js';
import { hashClientKey, verifyClientKey } from '../../plugins/proxy-default/server/key-hash.js';
import { runProxyCommand } from '../../plugins/proxy-default/server/cli.js';

const SID = 'AC' + 'c'.repeat(32);
const TOKEN = '0123456789abcdef0123456789abcdef';
let HASH: string;

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigValidationError');
}

function collector(): { stream: Writable; text: () => string } {
  let text = '';
  return {
    stream: new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    }),
    text: () => text,
  };
}

describe('proxy config', function () {
  this.timeout(10_000);
  let dir: string;
  before(async () => {
    HASH = await hashClientKey('a-client-key-that-is-long-enough');
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ca-proxy-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const where = () => ({ file: join(dir, 'proxy.yaml'), dir, label: 'proxy.yaml', env: { TWILIO_AUTH_TOKEN: TOKEN } });
  const minimal = () => ({ publicUrl: 'https://replies.example.org/', accounts: { [SID]: { authToken: '${TWILIO_AUTH_TOKEN}', clientKeyHash: HASH } } });

  it('fills in defaults, substitutes ${ENV} and resolves the SQLite path against the config folder', () => {
    const config = proxyConfigFromObject(minimal(), where());
    expect(config.accounts[SID]!.authToken).to.equal(TOKEN);
    expect(config.publicUrl).to.equal('https://replies.example.org');
    expect(config.storage).to.deep.include({ type: 'sqlite', path: join(dir, 'data/proxy.sqlite') });
    expect(config).to.deep.include({ retentionHours: 24, leaseSeconds: 60, bodyLimitBytes: 16384, legacyEndpoint: false });
    expect(config.listen).to.deep.equal({ host: '0.0.0.0', port: 8080 });
  });

  it('caps connections by default: 256 per socket address, or the total cap behind a balancer (trustProxy)', () => {
    expect(proxyConfigFromObject(minimal(), where()).connections).to.deep.equal({ maxTotal: 4096, maxPerAddress: 256 });
    expect(proxyConfigFromObject({ ...minimal(), trustProxy: 0 }, where()).connections).to.deep.equal({ maxTotal: 4096, maxPerAddress: 256 });
    expect(proxyConfigFromObject({ ...minimal(), trustProxy: 1 }, where()).connections).to.deep.equal({ maxTotal: 4096, maxPerAddress: 4096 });
    expect(proxyConfigFromObject({ ...minimal(), trustProxy: true, connections: { maxTotal: 500 } }, where()).connections).to.deep.equal({
      maxTotal: 500,
      maxPerAddress: 500,
    });
    expect(proxyConfigFromObject({ ...minimal(), connections: { maxTotal: 100 } }, where()).connections).to.deep.equal({ maxTotal: 100, maxPerAddress: 100 });
    expect(proxyConfigFromObject({ ...minimal(), trustProxy: 1, connections: { maxPerAddress: 50 } }, where()).connections).to.deep.equal({
      maxTotal: 4096,
      maxPerAddress: 50,
    });
    expect(problemsOf(() => proxyConfigFromObject({ ...minimal(), connections: { maxPerAddress: 0, max: 1 } }, where()))).to.have.length(2);
  });

  it('turns the join gate on by default, 10 attempts per 15 minutes per address, and keeps the join page off /verify', () => {
    expect(proxyConfigFromObject(minimal(), where()).joinGate).to.deep.equal({ enabled: true, attemptRate: { perSecond: 10 / 900, burst: 10 } });
    const problems = problemsOf(() => proxyConfigFromObject({ ...minimal(), joinPage: { path: '/verify' } }, where()));
    expect(problems).to.deep.equal(["proxy.yaml: joinPage.path: must not be /verify, the join gate's page; pick another path such as /join"]);
    expect(proxyConfigFromObject({ ...minimal(), joinPage: { path: '/verify' }, joinGate: { enabled: false } }, where()).joinPage.path).to.equal('/verify');
  });

  it('reads the proxy: section of a host config and names keys under proxy.', () => {
    const config = proxyConfigFromObject({ clinic: { name: 'x' }, pms: { use: 'pms-simulator' }, proxy: minimal() }, where());
    expect(config.accounts).to.have.property(SID);
    const problems = problemsOf(() => proxyConfigFromObject({ pms: {}, proxy: { ...minimal(), retentionHours: 48 } }, where()));
    expect(problems).to.deep.equal(['proxy.yaml: proxy.retentionHours: must be at most 24 (got 48)']);
    expect(problemsOf(() => proxyConfigFromObject({ pms: {}, sms: {} }, where()))[0]).to.match(/^proxy\.yaml: proxy: missing; add a "proxy:" section/);
  });

  it('collects every problem with file, key and fix, and never echoes secrets', () => {
    const secretToken = 'NOT-A-TOKEN-but-secret-looking-value';
    const problems = problemsOf(() =>
      proxyConfigFromObject(
        {
          publicUrl: 'replies.example.org',
          accounts: { AC123: { authToken: secretToken, clientKeyHash: 'my-plain-key', autoReplly: 'hi' } },
          storage: { type: 'postgres' },
          leaseSecnds: 10,
        },
        where(),
      ),
    );
    expect(problems).to.include.members([
      'proxy.yaml: publicUrl: must be the base URL Twilio calls, e.g. https://replies.example.org (http or https, no query string or #fragment) (got "replies.example.org")',
      'proxy.yaml: accounts.AC123.authToken: must be the 32-character auth token from the Twilio console (not the Account SID or an API key)',
      'proxy.yaml: accounts.AC123.clientKeyHash: must be a hash printed by `clinic-arrivals proxy hash-key` (scrypt:…), never the key itself',
      'proxy.yaml: accounts.AC123.autoReplly: unknown key "autoReplly"; did you mean "autoReply"? (allowed keys: authToken, clientKeyHash, autoReply, requireNumbers)',
      'proxy.yaml: accounts.AC123: must be keyed by a Twilio Account SID: AC followed by 32 lower-case hex characters, as in the Twilio console',
      'proxy.yaml: storage.connectionString: is required when storage.type is postgres, e.g. connectionString: ${PROXY_DATABASE_URL}',
    ]);
    expect(problems.some((p) => p.startsWith('proxy.yaml: leaseSecnds: unknown key "leaseSecnds"; did you mean "leaseSeconds"?'))).to.equal(true);
    expect(problems.join('\n')).not.to.include(secretToken);
    expect(problems.join('\n')).not.to.include('my-plain-key');
  });

  it('names a missing environment variable without any value', () => {
    const problems = problemsOf(() => proxyConfigFromObject(minimal(), { ...where(), env: {} }));
    expect(problems).to.deep.equal(['proxy.yaml: accounts.' + SID + '.authToken: environment variable TWILIO_AUTH_TOKEN is not set']);
  });

  it('does not print a secret that came from the environment even when it is malformed', () => {
    const problems = problemsOf(() =>
      proxyConfigFromObject({ ...minimal(), metrics: { token: '${METRICS}' } }, { ...where(), env: { TWILIO_AUTH_TOKEN: TOKEN, METRICS: 'short' } }),
    );
    expect(problems).to.deep.equal(['proxy.yaml: metrics.token: must be at least 16 characters long']);
  });

  it('finds clinicarrivals-proxy.yaml in the working folder, and says how to fix a missing config', async () => {
    await loadProxyConfig({ cwd: dir, env: {} }).then(
      () => expect.fail('expected a problem'),
      (error: ConfigValidationError) => expect(error.problems[0]).to.match(/no proxy config found; pass --config <file>/),
    );
    writeFileSync(
      join(dir, 'clinicarrivals-proxy.yaml'),
      `publicUrl: https://replies.example.org\naccounts:\n  ${SID}:\n    authToken: ${TOKEN}\n    clientKeyHash: "${HASH}"\n`,
    );
    const config = await loadProxyConfig({ cwd: dir, env: {} });
    expect(config.source.file).to.equal(join(dir, 'clinicarrivals-proxy.yaml'));
  });

  it('hash-key prints a hash that verifies the key, and refuses short keys', async () => {
    const out = collector();
    const err = collector();
    const key = 'correct-horse-battery-staple-0123';
    expect(await runProxyCommand(['hash-key', key], { stdout: out.stream, stderr: err.stream })).to.equal(0);
    const printed = out.text().trim();
    expect(printed).to.match(/^scrypt:16384:8:1:/);
    expect(printed).not.to.include(key);
    expect(await verifyClientKey(key, printed)).to.equal(true);
    expect(await verifyClientKey(key + 'x', printed)).to.equal(false);
    expect(await runProxyCommand(['hash-key', 'short'], { stdout: out.stream, stderr: err.stream })).to.equal(2);
    expect(err.text()).to.match(/at least 24 characters/);
  });

  it('hash-key --generate prints a fresh key with its hash', async () => {
    const out = collector();
    expect(await runProxyCommand(['hash-key', '--generate'], { stdout: out.stream })).to.equal(0);
    const key = /client key .*: (\S+)/.exec(out.text())![1]!;
    const hash = /clientKeyHash .*: (\S+)/.exec(out.text())![1]!;
    expect(await verifyClientKey(key, hash)).to.equal(true);
  });

  it('the proxy command reports config problems with exit code 2 and starts nothing', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'publicUrl: https://replies.example.org\naccounts: {}\n');
    const err = collector();
    const code = await runProxyCommand(['--config', join(dir, 'bad.yaml')], { stderr: err.stream, handleSignals: false });
    expect(code).to.equal(2);
    expect(err.text()).to.include('bad.yaml: accounts: must have at least 1 key');
  });

  it('the proxy command starts a server that answers /healthz', async () => {
    writeFileSync(
      join(dir, 'proxy.yaml'),
      `publicUrl: https://replies.example.org\nlisten: { host: 127.0.0.1, port: 0 }\nlogging: { level: silent }\naccounts:\n  ${SID}:\n    authToken: ${TOKEN}\n    clientKeyHash: "${HASH}"\n`,
    );
    let running: { url: string; close(): Promise<void> } | undefined;
    const code = await runProxyCommand(['--config', join(dir, 'proxy.yaml')], { handleSignals: false, onStarted: (proxy) => (running = proxy) });
    try {
      expect(code).to.equal(0);
      expect((await fetch(`${running!.url}/healthz`)).status).to.equal(200);
    } finally {
      await running?.close();
    }
  });
});
