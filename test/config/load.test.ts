import { expect } from 'chai';
import { join, relative } from 'node:path';
import { loadConfig, loadConfigFromObject, ConfigValidationError, NoConfigFoundError } from '../../core/config/load.js';
import { ConfigError, PluginLoadError } from '@clinic-arrivals/plugin-kit';
import { importPlugin } from '../../core/plugin-host/loader.js';
import { builtinEntryFile } from '../../core/plugin-host/builtins.js';
import { fixtureConfig, fixturePlugin, makeTempProject, problemsOf } from './helpers.js';

describe('config: loading plugins', function () {
  let project: Awaited<ReturnType<typeof makeTempProject>>;
  const origin = () => ({ file: join(project.dir, 'clinicarrivals.config.yaml'), dir: project.dir, env: {} });
  beforeEach(async function () {
    project = await makeTempProject();
  });
  afterEach(async function () {
    await project.cleanup();
  });

  it('loads every role, with defaulted and frozen options', async function () {
    const loaded = await loadConfigFromObject(fixtureConfig(), origin());
    expect(loaded.config.source).to.deep.equal({ file: join(project.dir, 'clinicarrivals.config.yaml'), dir: project.dir });
    expect(loaded.plugins.pms.descriptor.manifest.id).to.equal('pms-fixture');
    expect(loaded.plugins.pms.options).to.deep.equal({ baseUrl: 'https://pms.example/fhir/R4', pageSize: 100, mode: 'read-write', auth: { type: 'none' } });
    expect(Object.isFrozen(loaded.plugins.pms.options)).to.equal(true);
    expect(loaded.config.pms.options).to.equal(loaded.plugins.pms.options);
    expect(loaded.plugins.sms.descriptor.manifest.id).to.equal('sms-echo');
    expect(loaded.plugins.sms.resolvedPath).to.equal(join(fixturePlugin('sms-echo'), 'index.js'));
    expect(loaded.plugins.inbox.descriptor.manifest.id, 'named export `plugin`').to.equal('inbox-fixture');
    expect(loaded.plugins.video?.options).to.deep.equal({ roomPrefix: 'clinic-' });
    expect(loaded.notices ?? []).to.deep.equal([]);
  });

  it('resolves the store path against the config folder', async function () {
    const loaded = await loadConfigFromObject(fixtureConfig(), origin());
    expect(loaded.config.store.path).to.equal(join(project.dir, 'data', 'clinic-arrivals.sqlite'));
    const memory = await loadConfigFromObject(fixtureConfig({ store: { path: ':memory:' } }), origin());
    expect(memory.config.store.path).to.equal(':memory:');
  });

  describe('video.verifyJoin needs the inbox plugin to have a join gate', function () {
    const verifyJoin = (inbox: string, video: Record<string, unknown> = { use: fixturePlugin('video-fixture') }) =>
      fixtureConfig({ inbox: { use: fixturePlugin(inbox) }, video: { ...video, verifyJoin: true } });

    it('refuses an inbox without one, naming the file, the key, the plugin and the fix', async function () {
      const problems = await problemsOf(() => loadConfigFromObject(verifyJoin('inbox-fixture'), origin()));
      expect(problems).to.deep.equal([
        'clinicarrivals.config.yaml: video.verifyJoin: the inbox plugin "inbox-fixture" has no join gate (the page that asks the patient for the code);' +
          ' use an inbox plugin that has one (proxy-default, whose reply proxy serves that page), or set video.verifyJoin: false [inbox-fixture]',
      ]);
    });

    it('refuses it with video off', async function () {
      const problems = await problemsOf(() => loadConfigFromObject(verifyJoin('inbox-gate-fixture', { use: 'none' }), origin()));
      expect(problems).to.have.length(1);
      expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: video\.verifyJoin: video is off \(video\.use: none\)/);
    });

    it('lists it with the other problems', async function () {
      const config = verifyJoin('inbox-fixture');
      config.workflow = { dailyCapPerNumber: 0 };
      const problems = await problemsOf(() => loadConfigFromObject(config, origin()));
      expect(problems.map((p) => p.split(':')[1]!.trim())).to.have.members(['workflow.dailyCapPerNumber', 'video.verifyJoin']);
    });

    it('takes an inbox that has one, and leaves verifyJoin off by default', async function () {
      const loaded = await loadConfigFromObject(verifyJoin('inbox-gate-fixture'), origin());
      expect(loaded.config.video).to.include({ verifyJoin: true, joinCodeMinutes: 15 });
      const plain = await loadConfigFromObject(fixtureConfig(), origin());
      expect(plain.config.video).to.include({ verifyJoin: false, joinCodeMinutes: 15 });
    });
  });

  it('turns video off with use: none', async function () {
    const loaded = await loadConfigFromObject(fixtureConfig({ video: { use: 'none' } }), origin());
    expect(loaded.plugins.video).to.equal(undefined);
    expect(loaded.config.video.use).to.equal('none');
  });

  it('refuses none for a role that needs a plugin', async function () {
    const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ sms: { use: 'none' } }), origin()));
    expect(problems).to.deep.equal(['clinicarrivals.config.yaml: sms.use: "none" is only allowed for video; sms needs a plugin']);
  });

  it('loads plugins by path relative to the config folder', async function () {
    const config = fixtureConfig();
    const fromConfig = relative(project.dir, fixturePlugin('video-fixture'));
    config.video = { use: fromConfig.startsWith('.') ? fromConfig : `./${fromConfig}` };
    const loaded = await loadConfigFromObject(config, origin());
    expect(loaded.plugins.video?.descriptor.manifest.id).to.equal('video-fixture');
  });

  it('names an unknown plugin and the known ones for that role', async function () {
    const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ pms: { use: 'pms-fhir-r3' } }), origin()));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(
      /^clinicarrivals\.config\.yaml: pms\.use: unknown plugin "pms-fhir-r3"; known: pms-fhir-r4, pms-simulator\. Did you mean "pms-fhir-r4"\?/,
    );
  });

  it('finds built-in entries under plugins/, and none in a build without them', async function () {
    expect(builtinEntryFile('pms-simulator')).to.match(/plugins[\\/]pms-simulator[\\/]index\.(js|ts)$/);
    expect(builtinEntryFile('pms-simulator', project.dir)).to.equal(undefined);
  });

  it('refuses a built-in plugin in the wrong section, and a plugin whose manifest has another role', async function () {
    const problems = await problemsOf(() =>
      loadConfigFromObject(fixtureConfig({ sms: { use: 'pms-simulator' }, inbox: { use: fixturePlugin('sms-echo') } }), origin()),
    );
    expect(problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.use: plugin "pms-simulator" is a pms plugin, not sms; sms plugins: sms-twilio, sms-simulator',
      `clinicarrivals.config.yaml: inbox.use: plugin "sms-echo" (${fixturePlugin('sms-echo')}) is a sms plugin; it cannot fill inbox`,
    ]);
  });

  it('refuses a plugin made for another host API version', async function () {
    const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ sms: { use: fixturePlugin('wrong-host-api') } }), origin()));
    expect(problems).to.deep.equal([
      'clinicarrivals.config.yaml: sms.use: plugin "wrong-host-api" needs host API ^1, but this host provides 2.3.0 (the @clinic-arrivals/plugin-kit version); use a version of the plugin made for it',
    ]);
  });

  it('reports a plugin that fails to import with the specifier, the folder and the original error', async function () {
    const specifier = fixturePlugin('throws-on-import');
    let caught: unknown;
    try {
      await importPlugin(specifier, 'sms', project.dir);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(PluginLoadError);
    const error = caught as PluginLoadError;
    expect(error.code).to.equal('CA_ERR_PLUGIN_LOAD');
    expect(error.message).to.include(`"${specifier}"`).and.include(project.dir).and.include('cannot find the vendor SDK');
    expect((error.cause as Error).message).to.equal('cannot find the vendor SDK');
  });

  it('reports a module that is not a plugin', async function () {
    const problems = await problemsOf(() => loadConfigFromObject(fixtureConfig({ video: { use: fixturePlugin('not-a-plugin') } }), origin()));
    expect(problems).to.have.length(1);
    expect(problems[0]).to.match(/^clinicarrivals\.config\.yaml: video\.use: plugin ".*not-a-plugin" \(.*index\.js\) does not export a plugin/);
  });

  it('collects problems from every step, and checks options only of plugins that loaded', async function () {
    const config = fixtureConfig({
      clinic: { name: 'X', timeZone: 'Nowhere/Special' },
      sms: { use: fixturePlugin('sms-echo'), options: { from: '${ECHO_FROM}', apiKey: '${ECHO_KEY}' } },
      inbox: { use: fixturePlugin('throws-on-import'), options: { anything: 1 } },
      video: { use: 'video-jitsy' },
    });
    config.pms.options = { baseUrl: 'not a url', pagesize: 5 };
    const problems = await problemsOf(() => loadConfigFromObject(config, { ...origin(), env: { ECHO_FROM: 'not-a-phone' } }));
    expect(problems).to.have.length(7);
    expect(problems[0]).to.equal('clinicarrivals.config.yaml: sms.options.apiKey: environment variable ECHO_KEY is not set');
    expect(problems[1]).to.equal('clinicarrivals.config.yaml: clinic.timeZone: must be an IANA time zone like Australia/Melbourne (got "Nowhere/Special")');
    expect(problems).to.include(
      'clinicarrivals.config.yaml: pms.options.pagesize: unknown key "pagesize"; did you mean "pageSize"? (allowed keys: baseUrl, token, pageSize, mode, auth) [pms-fixture]',
    );
    expect(problems).to.include(
      'clinicarrivals.config.yaml: pms.options.baseUrl: must be a full URL like https://example.org/path (got "not a url") [pms-fixture]',
    );
    // The value came from the environment: not printed.
    expect(problems).to.include('clinicarrivals.config.yaml: sms.options.from: must be an E.164 number like +61412345678 [sms-echo]');
    expect(problems.some((p) => p.startsWith('clinicarrivals.config.yaml: inbox.use: cannot load plugin'))).to.equal(true);
    expect(
      problems.some((p) =>
        p.startsWith(
          'clinicarrivals.config.yaml: video.use: unknown plugin "video-jitsy"; known: video-openvidu, video-jitsi, video-simulator. Did you mean "video-jitsi"?',
        ),
      ),
    ).to.equal(true);
    expect(problems.join('\n')).to.not.include('not-a-phone');
  });

  it('does not repeat a value whose environment variable is missing', async function () {
    const config = fixtureConfig();
    config.pms.options = { baseUrl: '${PMS_URL}' };
    const problems = await problemsOf(() => loadConfigFromObject(config, origin()));
    expect(problems).to.deep.equal(['clinicarrivals.config.yaml: pms.options.baseUrl: environment variable PMS_URL is not set']);
  });

  it('is a ConfigError, so callers that only know ConfigError still stop', async function () {
    let caught: unknown;
    try {
      await loadConfigFromObject({}, origin());
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ConfigValidationError).and.instanceOf(ConfigError);
    expect((caught as ConfigValidationError).problems).to.have.length(5);
  });

  it('loadConfig refuses, naming the folder searched, when no config exists', async function () {
    let caught: unknown;
    try {
      await loadConfig({ cwd: project.dir, env: {} });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(NoConfigFoundError);
    expect((caught as Error).message).to.include('no config found: run `clinic-arrivals init` or `clinic-arrivals demo`');
    expect((caught as Error).message).to.include(project.dir);
  });

  it('loadConfig reads the file CLINIC_ARRIVALS_CONFIG names; configPath wins over it', async function () {
    const text = (name: string) =>
      [
        `clinic: { name: ${name}, timeZone: Australia/Perth }`,
        `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "https://pms.example/fhir" } }`,
        `sms: { use: "${fixturePlugin('sms-echo')}" }`,
        `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
        'video: { use: none }',
        '',
      ].join('\n');
    await project.write('site/from-env.yaml', text('From Env'));
    await project.write('site/from-flag.yaml', text('From Flag'));
    const env = { CLINIC_ARRIVALS_CONFIG: 'site/from-env.yaml' };
    expect((await loadConfig({ cwd: project.dir, env })).config.clinic.name).to.equal('From Env');
    expect((await loadConfig({ cwd: project.dir, env, configPath: 'site/from-flag.yaml' })).config.clinic.name).to.equal('From Flag');
  });

  it('loadConfig uses the built-in simulator setup, with a notice, when asked to and no config exists', async function () {
    const loaded = await loadConfig({ cwd: project.dir, env: {}, whenNoConfig: 'default' });
    expect(loaded.notices).to.have.length(1);
    expect(loaded.notices![0]).to.include('clinic-arrivals init');
    expect(loaded.config.demo).to.equal(true);
    expect(loaded.config.store.path).to.equal(join(project.dir, 'data', 'clinic-arrivals.sqlite'));
    expect(loaded.plugins.video?.descriptor.manifest.id).to.equal('video-simulator');
  });

  it('loadConfig reads the file, substitutes the environment and loads the plugins', async function () {
    await project.write(
      'clinicarrivals.config.yaml',
      [
        'clinic:',
        '  name: ${CLINIC_NAME:-Fallback Clinic}',
        '  timeZone: Australia/Perth',
        `pms: { use: "${fixturePlugin('pms-fixture')}", options: { baseUrl: "\${PMS_URL}" } }`,
        `sms: { use: "${fixturePlugin('sms-echo')}" }`,
        `inbox: { use: "${fixturePlugin('inbox-fixture')}" }`,
        'video: { use: none }',
        '',
      ].join('\n'),
    );
    const loaded = await loadConfig({ cwd: project.dir, env: { PMS_URL: 'https://pms.example/fhir' } });
    expect(loaded.config.clinic.name).to.equal('Fallback Clinic');
    expect(loaded.config.clinic.timeZone).to.equal('Australia/Perth');
    expect(loaded.plugins.pms.options.baseUrl).to.equal('https://pms.example/fhir');
    expect(loaded.config.source.file).to.equal(join(project.dir, 'clinicarrivals.config.yaml'));
  });
});
