import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { substituteEnv } from '../../core/config/substitute.js';

const FILE = 'clinicarrivals.config.yaml';

describe('config: ${ENV} substitution', function () {
  it('replaces variables in any string value, at any depth, and leaves keys and other types alone', function () {
    const raw = { sms: { options: { authToken: '${TOKEN}', url: 'https://${HOST}:${PORT}/x', n: 3, ok: true } }, list: ['${HOST}', 7], '${KEY}': 'k' };
    const result = substituteEnv(raw, FILE, { TOKEN: 't0ken', HOST: 'example.org', PORT: '8443' });
    expect(result.problems).to.deep.equal([]);
    expect(result.value).to.deep.equal({
      sms: { options: { authToken: 't0ken', url: 'https://example.org:8443/x', n: 3, ok: true } },
      list: ['example.org', 7],
      '${KEY}': 'k',
    });
    expect([...result.substitutedPaths].sort()).to.deep.equal(['list[0]', 'sms.options.authToken', 'sms.options.url']);
  });

  it('reads ${file:PATH} secrets relative to the config folder, and names an unreadable file without its contents', function () {
    const dir = mkdtempSync(join(tmpdir(), 'ca-secret-'));
    try {
      writeFileSync(join(dir, 'twilio_token'), 's3cret-value\n');
      const ok = substituteEnv({ sms: { options: { authToken: '${file:twilio_token}' } } }, FILE, {}, { baseDir: dir });
      expect(ok.problems).to.deep.equal([]);
      expect(ok.value).to.deep.equal({ sms: { options: { authToken: 's3cret-value' } } });
      expect([...ok.substitutedPaths]).to.deep.equal(['sms.options.authToken']);

      const missing = substituteEnv({ sms: { options: { authToken: '${file:absent}' } } }, FILE, {}, { baseDir: dir });
      expect(missing.problems).to.deep.equal([`${FILE}: sms.options.authToken: secret file ${join(dir, 'absent')} cannot be read (ENOENT)`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does not modify its input', function () {
    const raw = { a: '${X}' };
    substituteEnv(raw, FILE, { X: 'y' });
    expect(raw).to.deep.equal({ a: '${X}' });
  });

  it('uses the ${VAR:-default} fallback when the variable is unset or empty', function () {
    const raw = { a: '${UNSET:-fallback}', b: '${EMPTY:-fallback}', c: '${SET:-fallback}', d: '${UNSET:-}' };
    const result = substituteEnv(raw, FILE, { EMPTY: '', SET: 'value' });
    expect(result.problems).to.deep.equal([]);
    expect(result.value).to.deep.equal({ a: 'fallback', b: 'fallback', c: 'value', d: '' });
  });

  it('treats $${ as a literal ${', function () {
    const result = substituteEnv({ template: 'Price: $${AMOUNT} and ${X}' }, FILE, { X: 'x', AMOUNT: 'never' });
    expect(result.problems).to.deep.equal([]);
    expect(result.value).to.deep.equal({ template: 'Price: ${AMOUNT} and x' });
  });

  it('names file, JSON path and variable for a missing variable', function () {
    const raw = { sms: { options: { authToken: '${TWILIO_AUTH_TOKEN}' } }, workflow: { whitelist: ['+61400000000', '${TEST_PHONE}'] } };
    const result = substituteEnv(raw, FILE, {});
    expect(result.problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.options.authToken: environment variable TWILIO_AUTH_TOKEN is not set',
      'clinicarrivals.config.yaml: workflow.whitelist[1]: environment variable TEST_PHONE is not set',
    ]);
    expect([...result.failedPaths]).to.deep.equal(['sms.options.authToken', 'workflow.whitelist[1]']);
  });

  it('reports malformed references instead of passing them through', function () {
    const result = substituteEnv({ a: 'x ${NOT CLOSED', b: '${bad-name}' }, FILE, {});
    expect(result.problems).to.have.length(2);
    expect(result.problems[0]).to.equal('clinicarrivals.config.yaml: a: "${" has no closing "}"; write "$${" for a literal "${"');
    expect(result.problems[1]).to.match(/^clinicarrivals\.config\.yaml: b: "\$\{bad-name\}" is not a valid environment variable reference/);
  });

  it('never puts a variable value into a problem', function () {
    const env = { SECRET_ONE: 'sup3r-s3cret-value' };
    const result = substituteEnv({ a: '${SECRET_ONE}${MISSING}', b: '${SECRET_ONE' }, FILE, env);
    expect(result.problems).to.have.length(2);
    expect(result.problems.join('\n')).to.not.include('sup3r');
  });
});
