import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { initConfigText } from '../../core/cli/init-template.js';
import { substituteEnv } from '../../core/config/substitute.js';
import { validateCoreConfig } from '../../core/config/validate.js';
import { loadConfigFromObject } from '../../core/config/load.js';
import { REPO_ROOT, fixturePlugin, makeTempProject } from './helpers.js';

import { cliArgs, cliEnv } from './cli-process.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(cwd: string, ...args: string[]): Promise<Run> {
  return cliWith({}, cwd, ...args);
}

function cliWith(env: Record<string, string>, cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, cliArgs(...args), { cwd, env: cliEnv({ CLINIC_ARRIVALS_CONFIG: '', ...env }) }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const GOOD_CONFIG = [
  'clinic:',
  '  name: Test Street Medical',
  '  timeZone: Australia/Melbourne',
  `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
  `sms: { use: "${fixturePlugin('sms-echo')}" }`,
  `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
  'video: { use: none }',
  '',
].join('\n');

describe('CLI: check-config and init', function () {
  this.timeout(30000);
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('check-config prints "config OK" and the chosen plugins (exit 0)', async function () {
    const file = await project.write('site/clinic.yaml', GOOD_CONFIG);
    const run = await cli(project.dir, 'check-config', '--config', 'site/clinic.yaml');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout.split('\n').slice(0, 6)).to.deep.equal([
      `config OK: ${file}`,
      `  pms   pms-fixture (${join(fixturePlugin('pms-fixture'), 'index.js')})`,
      `  sms   sms-echo (${join(fixturePlugin('sms-echo'), 'index.js')})`,
      `  inbox inbox-fixture (${join(fixturePlugin('inbox-fixture'), 'index.js')})`,
      '  video none (turned off)',
      'templates: SMS segments by language, typical–worst case (GSM-7: 160 characters, 153 a segment once split; UCS-2: 70, 67)',
    ]);
    expect(run.stdout)
      .to.match(/\n {2}Registration +en 1–2, es [1-3](–[1-3])?, vi [1-3]–[1-3] UCS-2, zh-Hans [1-3]–[1-3] UCS-2, ar [1-3]–[1-3] UCS-2\n/)
      .and.match(/\n {2}VideoInvite +en 1–5, /)
      .and.match(/\n {2}HostStarted +en 1\n/);
  });

  it('check-config exits 2 with "no config found" when the folder has none', async function () {
    const run = await cli(project.dir, 'check-config');
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr).to.include('no config found: run `clinic-arrivals init` or `clinic-arrivals demo`');
    expect(run.stderr).to.include(`searched ${project.dir}`);
  });

  it('check-config reads the file CLINIC_ARRIVALS_CONFIG names; --config wins over it', async function () {
    const file = await project.write('site/clinic.yaml', GOOD_CONFIG);
    const run = await cliWith({ CLINIC_ARRIVALS_CONFIG: 'site/clinic.yaml' }, project.dir, 'check-config');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include(`config OK: ${file}`);
    const other = await project.write('other.yaml', GOOD_CONFIG);
    const flagged = await cliWith({ CLINIC_ARRIVALS_CONFIG: 'site/clinic.yaml' }, project.dir, 'check-config', '--config', 'other.yaml');
    expect(flagged.stdout).to.include(`config OK: ${other}`);
  });

  it('check-config lists every problem on stderr and exits 2, printing no secret', async function () {
    await project.write(
      'bad.yaml',
      GOOD_CONFIG.replace('timeZone: Australia/Melbourne', 'timeZone: Australia/Melborne\n  fro: x')
        .replace(`sms: { use: "${fixturePlugin('sms-echo')}" }`, `sms: { use: "${fixturePlugin('sms-echo')}", options: { apiKey: "tiny-secret" } }`)
        .replace('video: { use: none }', 'video: { use: none }\napi: { host: 0.0.0.0, token: "${API_TOKEN}" }'),
    );
    const run = await cli(project.dir, 'check-config', '--config', 'bad.yaml');
    expect(run.code).to.equal(2);
    expect(run.stdout).to.equal('');
    expect(run.stderr.trim().split('\n')).to.deep.equal([
      'The config has 4 problems; nothing was started:',
      '  bad.yaml: api.token: environment variable API_TOKEN is not set',
      '  bad.yaml: clinic.fro: unknown key "fro" (allowed keys: id, name, phone, timeZone, region, locale, language, languages)',
      '  bad.yaml: clinic.timeZone: must be an IANA time zone like Australia/Melbourne (got "Australia/Melborne")',
      '  bad.yaml: sms.options.apiKey: must be at least 12 characters long [sms-echo]',
    ]);
    expect(run.stderr).to.not.include('tiny-secret');
  });

  it('check-config names a --config file that does not exist (exit 2)', async function () {
    const run = await cli(project.dir, 'check-config', '--config', 'missing.yaml');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include(`${join(project.dir, 'missing.yaml')}: config file not found`);
  });

  it('init writes a config, and refuses to overwrite it without --force', async function () {
    const zone = ['--time-zone', 'Australia/Melbourne'];
    const first = await cli(project.dir, 'init', ...zone);
    expect(first.code).to.equal(0);
    const file = join(project.dir, 'clinicarrivals.config.yaml');
    expect(first.stdout).to.include(`wrote ${file}`);
    const written = await readFile(file, 'utf8');
    expect(written).to.equal(initConfigText({ real: false, timeZone: 'Australia/Melbourne' }));

    await project.write('clinicarrivals.config.yaml', '# edited by the clinic\n');
    const second = await cli(project.dir, 'init', ...zone);
    expect(second.code).to.equal(1);
    expect(second.stderr).to.include('already exists; use --force');
    expect(await readFile(file, 'utf8')).to.equal('# edited by the clinic\n');

    const forced = await cli(project.dir, 'init', '--force', '--real', ...zone);
    expect(forced.code).to.equal(0);
    expect(await readFile(file, 'utf8')).to.equal(initConfigText({ real: true, timeZone: 'Australia/Melbourne' }));
  });

  it("init writes the clinic's --time-zone, --region and --locale", async function () {
    const run = await cli(project.dir, 'init', '--time-zone', 'Pacific/Auckland', '--region', 'NZ', '--locale', 'en-NZ');
    expect(run.code).to.equal(0);
    const raw = parse(await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8'));
    expect(raw.clinic).to.deep.include({ timeZone: 'Pacific/Auckland', region: 'NZ', locale: 'en-NZ' });
  });

  for (const [flag, value] of [
    ['--time-zone', 'Australia/Melborne'],
    ['--region', 'XX'],
    ['--locale', 'not a locale'],
  ] as const) {
    it(`init exits 2 naming ${flag} when it is not valid, and writes nothing`, async function () {
      const args = { '--time-zone': 'Australia/Perth', '--region': 'AU', '--locale': 'en-AU', [flag]: value };
      const run = await cli(project.dir, 'init', ...Object.entries(args).flat());
      expect(run.code).to.equal(2);
      expect(run.stderr).to.include(`${flag}: `).and.include(value);
      expect(existsSync(join(project.dir, 'clinicarrivals.config.yaml'))).to.equal(false);
    });
  }

  it('init without a terminal or --time-zone exits 2 on a UTC machine, asking for --time-zone', async function () {
    const run = await cliWith({ TZ: 'UTC' }, project.dir, 'init');
    expect(run.code).to.equal(2);
    expect(run.stderr).to.include('--time-zone');
    expect(existsSync(join(project.dir, 'clinicarrivals.config.yaml'))).to.equal(false);
  });

  it("init without a terminal takes the machine's zone when it is not UTC, and says so", async function () {
    const run = await cliWith({ TZ: 'Australia/Perth' }, project.dir, 'init');
    expect(run.code).to.equal(0);
    expect(run.stderr).to.include('time zone Australia/Perth taken from this machine');
    const raw = parse(await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8'));
    expect(raw.clinic.timeZone).to.equal('Australia/Perth');
  });

  it('init on a terminal asks for what was not given, asking again after a bad answer', async function () {
    // `script` gives the CLI a pseudo-terminal; answers typed ahead are queued by the CLI.
    if (!existsSync('/usr/bin/script')) this.skip();
    const file = join(project.dir, 'asked.yaml');
    const command = [process.execPath, ...cliArgs('init', '--region', 'IE', '--out', file)].map((arg) => `'${arg}'`).join(' ');
    // Then empty answers for the optional choices (confirm by reply, running-late texts): their defaults.
    const answers = 'Nowhere/Zone\nEurope/Dublin\nen-IE\n\n\n';
    const output = await new Promise<string>((resolve) => {
      const child = execFile('/usr/bin/script', ['-qec', command, '/dev/null'], { cwd: project.dir, env: cliEnv({ TZ: 'UTC' }) }, (_error, stdout) =>
        resolve(stdout),
      );
      child.stdin!.end(answers);
    });
    expect(output).to.include('time zone of the clinic').and.include('got "Nowhere/Zone"').and.include('locale for dates');
    expect(output).not.to.include('region for local phone numbers');
    const raw = parse(await readFile(file, 'utf8'));
    expect(raw.clinic).to.deep.include({ timeZone: 'Europe/Dublin', region: 'IE', locale: 'en-IE' });
  });

  it('init --real names every environment variable its file needs', async function () {
    const run = await cli(project.dir, 'init', '--real', '--time-zone', 'Australia/Sydney');
    expect(run.code).to.equal(0);
    const written = await readFile(join(project.dir, 'clinicarrivals.config.yaml'), 'utf8');
    const needed = [...new Set([...written.replace(/#.*$/gm, '').matchAll(/\$\{([A-Z_]+)\}/g)].map(([, name]) => name!))];
    expect(needed).to.include.members(['PROXY_URL', 'PROXY_CLIENT_KEY', 'OPENVIDU_URL']);
    for (const name of needed) expect(run.stdout, name).to.include(name);
  });

  it('check-config warns (exit 0) when the clinic keeps UTC or a zone outside its region', async function () {
    for (const [clinicLine, expected] of [
      ['  timeZone: UTC\n  region: AU', 'clinic.timeZone is UTC'],
      ['  timeZone: America/New_York\n  region: AU', 'America/New_York is not a zone of region AU'],
    ] as const) {
      await project.write('warn.yaml', GOOD_CONFIG.replace('  timeZone: Australia/Melbourne', clinicLine));
      const run = await cli(project.dir, 'check-config', '--config', 'warn.yaml');
      expect(run.code).to.equal(0);
      expect(run.stdout).to.include('config OK');
      expect(run.stderr)
        .to.match(/^warning: /)
        .and.include(expected);
    }
    await project.write('fits.yaml', GOOD_CONFIG.replace('  timeZone: Australia/Melbourne', '  timeZone: Australia/Perth\n  region: AU'));
    expect((await cli(project.dir, 'check-config', '--config', 'fits.yaml')).stderr).to.equal('');
  });

  it('init output passes check-config', async function () {
    expect((await cli(project.dir, 'init', '--out', 'conf/clinicarrivals.config.yaml', '--time-zone', 'Australia/Melbourne')).code).to.equal(0);
    const run = await cli(project.dir, 'check-config', '--config', 'conf/clinicarrivals.config.yaml');
    expect(run.stderr).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.stdout).to.include('config OK: ').and.include('pms   pms-simulator (built-in)');
  });

  it('the --real template passes the host schema once its variables are set', function () {
    const text = initConfigText({ real: true, timeZone: 'Australia/Brisbane' });
    const raw = parse(text);
    expect(raw.pms.use).to.equal('pms-fhir-r4');
    expect(raw.sms.use).to.equal('sms-twilio');
    expect(raw.inbox.use).to.equal('proxy-default');
    expect(raw.video.use).to.equal('video-openvidu');
    const env = Object.fromEntries([...text.matchAll(/\$\{([A-Z_]+)\}/g)].map(([, name]) => [name!, 'https://set.example']));
    const substituted = substituteEnv(raw, 'clinicarrivals.config.yaml', env);
    expect(substituted.problems).to.deep.equal([]);
    expect(validateCoreConfig(substituted.value, { fileLabel: 'clinicarrivals.config.yaml' }).problems).to.deep.equal([]);
    expect(text, 'secrets come from the environment').to.match(/authToken: \$\{TWILIO_AUTH_TOKEN\}/);
  });

  it("the --real template passes the real plugins' own schemas once its variables are set", async function () {
    const env = {
      FHIR_BASE_URL: 'https://pms.example/fhir/R4',
      FHIR_TOKEN: 'fhir-token',
      TWILIO_ACCOUNT_SID: `AC${'0a'.repeat(16)}`,
      TWILIO_AUTH_TOKEN: 'twilio-token',
      TWILIO_FROM: '+61480000000',
      OPENVIDU_URL: 'https://openvidu.example.org',
      OPENVIDU_SECRET: 'openvidu-secret',
      OPENVIDU_JOIN_PAGE_URL: 'https://proxy.example.org/join',
      PROXY_URL: 'https://replies.example.org',
      PROXY_CLIENT_KEY: 'k'.repeat(32),
    };
    const loaded = await loadConfigFromObject(parse(initConfigText({ real: true })), {
      file: join(project.dir, 'clinicarrivals.config.yaml'),
      dir: project.dir,
      env,
    });
    expect(loaded.plugins.sms.descriptor.manifest.id).to.equal('sms-twilio');
    expect(loaded.plugins.inbox.descriptor.manifest.id).to.equal('proxy-default');
  });

  it('--version prints the package version', async function () {
    const manifest = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const run = await cli(project.dir, '--version');
    expect(run.code).to.equal(0);
    expect(run.stdout.trim()).to.equal(manifest.version);
  });
});
